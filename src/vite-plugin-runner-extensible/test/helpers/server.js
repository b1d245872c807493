// Starts a real Vite 8 dev server on a fixture copy with the plugin, listening on loopback.
import path from 'node:path';
import { createServer } from 'vite';
import { runnerExtensible } from '../../index.js';
import { copyFixture } from './fixture.js';

export const TOKEN = 'test-token-0123456789';

/**
 * @param {import('../../index.js').RunnerExtensibleOptions} [pluginOptions]
 * @param {{ plugins?: import('vite').Plugin[], environments?: object }} [extra]
 */
export async function startServer(pluginOptions = {}, extra = {}) {
  const fixture = copyFixture();
  const plugin = runnerExtensible({ token: TOKEN, ...pluginOptions });
  const server = await createServer({
    root: fixture.root,
    configFile: path.join(fixture.root, 'vite.config.ts'),
    configLoader: 'runner',
    logLevel: 'silent',
    plugins: [plugin, ...(extra.plugins ?? [])],
    environments: extra.environments,
    optimizeDeps: { noDiscovery: true, include: [] },
    // Edits are announced with server.watcher.emit('change', file): no file-system timing.
    server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null },
  });
  await server.listen();
  return {
    fixture,
    server,
    plugin,
    environment: server.environments[plugin.api.environmentName],
    urls: plugin.api.urls,
    /** Edits a fixture file and announces the change as Vite's watcher would. */
    edit(relativeFile, search, replacement) {
      server.watcher.emit('change', fixture.edit(relativeFile, search, replacement));
    },
    async close() {
      await server.close();
      fixture.dispose();
    },
  };
}

export function invokePayload(name, args, id = 'send') {
  return { type: 'custom', event: 'vite:invoke', data: { id, name, data: args } };
}

export const fetchModuleArgs = (url, cached = false) => [url, null, { cached, startOffset: 3 }];
