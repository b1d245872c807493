// A plain Vite config: vite-dotnet adds the runner-extensible environment itself.
export default {
  clearScreen: false,
};
