// Fixture project of the CLI tests; the tool adds the runner-extensible environment itself.
export default {
  clearScreen: false,
};
