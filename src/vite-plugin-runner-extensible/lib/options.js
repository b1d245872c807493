// Plugin options with their defaults (PROTOCOL.md §1).
import { randomBytes } from 'node:crypto';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './limits.js';

export const DEFAULT_ENVIRONMENT = 'dotnet';
export const DEFAULT_WEBSOCKET_PATH = '/@runner-extensible/ws';
export const DEFAULT_HTTP_BASE = '/@runner-extensible/http';
export const TOKEN_ENV_VARIABLE = 'RUNNER_EXTENSIBLE_TOKEN';

/**
 * @param {import('../index.js').RunnerExtensibleOptions} [options]
 */
export function resolveOptions(options = {}) {
  const stdio = options.stdio;
  if (stdio && (!stdio.input || !stdio.output)) throw new TypeError('runnerExtensible: options.stdio needs { input, output } streams');
  const environment = options.environment ?? DEFAULT_ENVIRONMENT;
  if (typeof environment !== 'string' || !/^[A-Za-z0-9_$-]+$/.test(environment)) {
    throw new TypeError(`runnerExtensible: options.environment must be a simple name (letters, digits, _ $ -), got ${JSON.stringify(environment)}`);
  }
  const token = options.token ?? (process.env[TOKEN_ENV_VARIABLE] || randomBytes(32).toString('base64url'));
  if (typeof token !== 'string' || token.length === 0 || /\s/.test(token)) {
    throw new TypeError('runnerExtensible: the token must be a non-empty string without whitespace');
  }
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (!Number.isSafeInteger(maxPayloadBytes) || maxPayloadBytes < 1024) {
    throw new TypeError('runnerExtensible: options.maxPayloadBytes must be an integer >= 1024');
  }
  return {
    environment,
    nodeApis: options.nodeApis ?? true,
    // stdio mode serves only stdio: the host runs Vite in middleware mode without a network server.
    websocket: stdio || options.websocket === false ? false : { path: endpointPath(options.websocket?.path ?? DEFAULT_WEBSOCKET_PATH, 'websocket.path') },
    http: stdio || options.http === false ? false : { base: endpointPath(options.http?.base ?? DEFAULT_HTTP_BASE, 'http.base') },
    stdio,
    token,
    maxPayloadBytes,
    allowedOrigins: options.allowedOrigins ?? [],
    heartbeatMs: options.heartbeatMs ?? 30_000,
    connectionFile: options.connectionFile ?? true,
    httpServer: options.httpServer,
    vite: options.vite,
  };
}

function endpointPath(path, name) {
  if (typeof path !== 'string' || !path.startsWith('/') || path.endsWith('/') || path.includes('?')) {
    throw new TypeError(`runnerExtensible: options.${name} must start with "/" and end without "/" or query, got ${JSON.stringify(path)}`);
  }
  return path;
}
