// Loaded only with --config alternate.config.ts: proves the option reaches Vite.
export default {
  clearScreen: false,
  define: { __CONFIG_NAME__: JSON.stringify('alternate config') },
};
