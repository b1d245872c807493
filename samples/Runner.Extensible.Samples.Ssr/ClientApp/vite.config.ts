import { defineConfig } from 'vite';
import { runnerExtensible } from 'vite-plugin-runner-extensible';

export default defineConfig({
  clearScreen: false,
  // The .NET app renders src/entry-server.tsx through the "dotnet" environment this plugin adds; the browser loads
  // src/entry-client.tsx from this same server, which hydrates what .NET rendered.
  plugins: [runnerExtensible()],
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  optimizeDeps: {
    // Pre-bundled for the browser at start-up, so the first page load does not trigger a re-optimisation reload.
    include: ['preact', 'preact/hooks', 'preact/jsx-runtime', 'preact/jsx-dev-runtime'],
  },
});
