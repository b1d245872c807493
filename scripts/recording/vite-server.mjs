// Starts a real Vite dev server (middleware mode, no port, no file watcher) on a fixture copy,
// with a plain DevEnvironment named "dotnet" whose HotChannel is the given wire.
import path from 'node:path';
import { createServer, DevEnvironment } from 'vite';

export const ENVIRONMENT_NAME = 'dotnet';

/**
 * @param {string} root fixture copy
 * @param {{ channel: import('vite').HotChannel }} wire
 */
export async function startViteServer(root, wire) {
  const server = await createServer({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    // Evaluates the TS config without writing a bundled copy next to it.
    configLoader: 'runner',
    logLevel: 'error',
    server: {
      middlewareMode: true,
      // Edits are announced explicitly with watcher.emit('change'), so recordings do not depend
      // on file-system event timing; null gives a plain EventEmitter as watcher.
      watch: null,
      ws: false,
    },
    optimizeDeps: { noDiscovery: true, include: [] },
    environments: {
      [ENVIRONMENT_NAME]: {
        consumer: 'server',
        dev: {
          createEnvironment(name, config) {
            return new DevEnvironment(name, config, { hot: true, transport: wire.channel });
          },
        },
      },
    },
  });
  // createServer has already called environment.listen() (middleware mode does so at creation).
  return { server, environment: server.environments[ENVIRONMENT_NAME] };
}

/**
 * Announces a file change the way Vite's watcher would.
 * @param {import('vite').ViteDevServer} server
 * @param {string} file absolute path
 */
export function announceChange(server, file) {
  server.watcher.emit('change', file);
}
