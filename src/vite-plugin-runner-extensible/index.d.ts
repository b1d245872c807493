import type { Server as HttpServer } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { Plugin } from 'vite';

/** Options of {@link runnerExtensible}. See PROTOCOL.md §1. */
export interface RunnerExtensibleOptions {
  /** Name of the environment served to runners. Default `"dotnet"`. */
  environment?: string;
  /**
   * Whether the runner exposes Node's APIs. `true` (default): Vite's server resolve defaults
   * (dependencies externalized, Node builtins external). `false`: `resolve.noExternal: true`,
   * `resolve.builtins: []`, `resolve.conditions: ['module', 'development|production']`.
   * Values set for the environment in the Vite config win.
   */
  nodeApis?: boolean;
  /** WebSocket endpoint, or `false` to disable it. Default path `/@runner-extensible/ws`. */
  websocket?: false | { path?: string };
  /** HTTP endpoints, or `false` to disable them. Default base `/@runner-extensible/http`. */
  http?: false | { base?: string };
  /** Serve newline-delimited JSON on these streams instead of WebSocket/HTTP (the stdio host). */
  stdio?: { input: NodeJS.ReadableStream; output: { write(text: string): unknown } };
  /** Shared secret. Default: `$RUNNER_EXTENSIBLE_TOKEN`, else 32 random bytes (base64url). */
  token?: string;
  /** Largest accepted inbound message in bytes. Default 16 MiB. */
  maxPayloadBytes?: number;
  /** Origins accepted besides the server's own. Default none. */
  allowedOrigins?: string[];
  /** WebSocket ping period (SSE keep-alive uses half of it). Default 30000 ms. */
  heartbeatMs?: number;
  /** Write `<root>/node_modules/.runner-extensible/<environment>.json`. Default `true`. */
  connectionFile?: boolean;
  /** HTTP server for the WebSocket upgrade handler when Vite runs in middleware mode. */
  httpServer?: HttpServer | Http2SecureServer;
  /** The Vite module to take `DevEnvironment` from. Default: `import('vite')`. */
  vite?: typeof import('vite');
}

/** What the plugin exposes on `plugin.api` (for hosts and tests). */
export interface RunnerExtensibleApi {
  /** The token runners must present. */
  readonly token: string;
  readonly environmentName: string;
  /** Endpoint URLs, set once the server listens. */
  readonly urls: { websocket: string | null; http: string | null };
  /** Internal: connections and routing. */
  readonly hub: unknown;
}

/** The Vite plugin that defines and serves the environment for .NET runners. */
export declare function runnerExtensible(options?: RunnerExtensibleOptions): Plugin & { api: RunnerExtensibleApi };

/** `<root>/node_modules/.runner-extensible/<environment>.json` */
export declare function connectionFilePath(root: string, environment: string): string;

export declare const PROTOCOL_VERSION: 1;
export declare const DEFAULT_ENVIRONMENT: 'dotnet';
export declare const DEFAULT_WEBSOCKET_PATH: '/@runner-extensible/ws';
export declare const DEFAULT_HTTP_BASE: '/@runner-extensible/http';
export declare const TOKEN_ENV_VARIABLE: 'RUNNER_EXTENSIBLE_TOKEN';

/** Contents of the connection file (PROTOCOL.md §2.4). */
export interface ConnectionFile {
  protocol: 1;
  environment: string;
  viteVersion: string;
  pid: number;
  root: string;
  token: string;
  websocket: string | null;
  http: string | null;
}

/** `"runnerExtensible:fetchModules"`: the batched, coherent fetch (PROTOCOL.md §7.2). */
export declare const FETCH_MODULES: 'runnerExtensible:fetchModules';
/** `"runner-extensible:invalidate"`: the invalidation notice event (PROTOCOL.md §7.3). */
export declare const INVALIDATE_EVENT: 'runner-extensible:invalidate';
