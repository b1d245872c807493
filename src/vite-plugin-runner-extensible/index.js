// vite-plugin-runner-extensible: a Vite 8 environment for .NET module runners, served over
// WebSocket, HTTP or stdio. The wire contract is PROTOCOL.md.
import { connectionFilePath, advertisedOrigin, removeConnectionFile, writeConnectionFile } from './lib/connection-file.js';
import { Coherence } from './lib/coherence.js';
import { createRunnerEnvironment, environmentOptions } from './lib/environment.js';
import { createHttpMiddleware } from './lib/http-transport.js';
import { Hub } from './lib/hub.js';
import { resolveOptions } from './lib/options.js';
import { serveStdio } from './lib/stdio-transport.js';
import { attachWebSocketTransport } from './lib/websocket-transport.js';

export { DEFAULT_ENVIRONMENT, DEFAULT_HTTP_BASE, DEFAULT_WEBSOCKET_PATH, TOKEN_ENV_VARIABLE } from './lib/options.js';
export { connectionFilePath } from './lib/connection-file.js';
export { FETCH_MODULES, INVALIDATE_EVENT } from './lib/coherence.js';

export const PROTOCOL_VERSION = 1;

/**
 * @param {import('./index.js').RunnerExtensibleOptions} [userOptions]
 * @returns {import('vite').Plugin & { api: import('./index.js').RunnerExtensibleApi }}
 */
export function runnerExtensible(userOptions = {}) {
  const options = resolveOptions(userOptions);
  const hub = new Hub({ maxPayloadBytes: options.maxPayloadBytes, skipFsCheck: Boolean(options.stdio) });
  // Passive until a runner calls runnerExtensible:fetchModules (PROTOCOL.md §7).
  new Coherence(hub);
  /** @type {typeof import('vite')} */
  let vite;
  let root = process.cwd();
  const api = {
    hub,
    token: options.token,
    environmentName: options.environment,
    /** Endpoint URLs once the server listens (also written to the connection file). */
    urls: { websocket: null, http: null },
  };

  hub.onListen = () => {
    // stdio: start reading only now, so {"type":"connected"} is the first line written.
    if (options.stdio && !hub.stdioConnection) {
      hub.stdioConnection = serveStdio(hub, options.stdio, options);
      hub.stdioConnection.send({ type: 'connected' });
    }
  };

  return {
    name: 'vite-plugin-runner-extensible',
    api,

    async config(userConfig) {
      // The DevEnvironment class must come from the Vite that runs this server (the stdio host
      // resolves Vite from the project, which may not be where this package lives).
      vite = options.vite ?? (await import('vite'));
      const user = userConfig.environments?.[options.environment];
      return {
        environments: {
          [options.environment]: environmentOptions(user, options.nodeApis, (name, config) =>
            createRunnerEnvironment(vite.DevEnvironment, hub, name, config),
          ),
        },
      };
    },

    configResolved(config) {
      root = config.root;
      hub.useLogger(config.logger);
    },

    async configureServer(server) {
      if (options.http) server.middlewares.use(createHttpMiddleware(hub, { ...options, base: options.http.base }));
      const httpServer = options.httpServer ?? server.httpServer;
      if (options.websocket) {
        if (httpServer) await attachWebSocketTransport(hub, httpServer, { ...options, path: options.websocket.path });
        else hub.logger.warn('the WebSocket transport needs an HTTP server: in middleware mode pass options.httpServer');
      }
      if (httpServer && (options.websocket || options.http)) {
        const announce = () => announceEndpoints(httpServer, server, options, api, root, vite.version, hub);
        if (httpServer.listening) announce();
        else httpServer.once('listening', announce);
      }
    },
  };
}

function announceEndpoints(httpServer, server, options, api, root, viteVersion, hub) {
  const address = httpServer.address();
  if (!address || typeof address === 'string') return;
  const origin = advertisedOrigin(address, Boolean(server.config.server.https));
  api.urls.websocket = options.websocket ? origin.replace(/^http/, 'ws') + options.websocket.path : null;
  api.urls.http = options.http ? origin + options.http.base : null;
  if (options.connectionFile) {
    const file = connectionFilePath(root, options.environment);
    writeConnectionFile(file, {
      protocol: PROTOCOL_VERSION,
      environment: options.environment,
      viteVersion,
      pid: process.pid,
      root,
      token: options.token,
      websocket: api.urls.websocket,
      http: api.urls.http,
    });
    hub.onClose(() => removeConnectionFile(file, options.token));
  }
  const where = [api.urls.websocket, api.urls.http].filter(Boolean).join(' and ');
  const tokenHint = options.connectionFile ? ` (token in ${connectionFilePath('.', options.environment)})` : '';
  hub.logger.info(`environment "${options.environment}" serves .NET runners at ${where}${tokenHint}`);
}
