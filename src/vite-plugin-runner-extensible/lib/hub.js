// The hub joins the transports to the environment: it owns the open connections, gives each
// DevEnvironment instance a HotChannel, routes inbound payloads to the channel's listeners and
// outbound payloads to one connection (replies) or all of them (broadcasts).
import { randomUUID } from 'node:crypto';
import { ErrorCodes, TransportError } from './errors.js';
import { describeInvokeProblem, invokeErrorResponse, parseInbound } from './payload.js';

const LOG_PREFIX = '[runner-extensible]';

export class Hub {
  /** @type {Map<string, Connection>} */
  connections = new Map();
  /** @type {RunnerHotChannel | undefined} the channel of the live environment instance */
  current;
  /** @type {Map<string, (args: unknown[], connection: Connection | undefined) => Promise<unknown>>} */
  extensions = new Map();
  /** @type {Set<() => void | Promise<void>>} */
  #closeHandlers = new Set();
  #closed = false;

  /**
   * @param {{ maxPayloadBytes: number, skipFsCheck: boolean }} options
   */
  constructor(options) {
    this.options = options;
    this.logger = {
      info: (message) => console.error(`${LOG_PREFIX} ${message}`),
      warn: (message) => console.error(`${LOG_PREFIX} ${message}`),
    };
  }

  /** @param {import('vite').Logger} viteLogger */
  useLogger(viteLogger) {
    this.logger = {
      info: (message) => viteLogger.info(`${LOG_PREFIX} ${message}`, { timestamp: true }),
      warn: (message) => viteLogger.warn(`${LOG_PREFIX} ${message}`, { timestamp: true }),
    };
  }

  /** A new HotChannel for a new DevEnvironment instance (first start or a Vite restart). */
  createChannel() {
    this.current = new RunnerHotChannel(this);
    return this.current;
  }

  /**
   * The environment served now, once created and initialized. During a Vite restart the new
   * instance exists before its plugins are set up (`init()`); a call that reached it then would fail
   * inside Vite ("pluginContainer called before initialized"), so until then runners are told
   * `ERR_ENVIRONMENT_NOT_READY` and may ask again.
   */
  get environment() {
    const environment = this.current?.environment;
    return environment && isInitialized(environment) ? environment : undefined;
  }

  /**
   * Opens a connection.
   * @param {'websocket' | 'http' | 'stdio'} transport
   * @param {(payload: object) => void} deliver writes one payload to this connection
   * @param {(code: number, reason: string) => void} [end] closes the underlying socket or stream
   */
  open(transport, deliver, end = () => {}) {
    const connection = new Connection(this, randomUUID(), transport, deliver, end);
    this.connections.set(connection.id, connection);
    this.current?.emit('vite:client:connect', undefined, connection.client);
    return connection;
  }

  /** Sends a payload to every open connection. */
  broadcast(payload) {
    for (const connection of this.connections.values()) connection.send(payload);
  }

  /**
   * Handles one inbound message (raw text) from a connection: validates it and routes it.
   * @param {Connection} connection
   * @param {string | Buffer} raw
   */
  receive(connection, raw) {
    const parsed = parseInbound(raw, this.options.maxPayloadBytes);
    if ('drop' in parsed) {
      this.dropped(connection, parsed.drop, parsed.invokeId);
      return;
    }
    this.route(connection, parsed.payload);
  }

  /** Routes an already validated payload (HTTP /send parses on its own to answer with a status). */
  route(connection, payload) {
    if (payload.type !== 'custom') return; // e.g. the runner transport's {"type":"ping"}
    if (payload.event === 'vite:invoke' && this.extensions.has(payload.data.name)) {
      void this.#answerExtension(connection, payload.data);
      return;
    }
    // An initialized environment is the current channel's.
    if (!this.environment) {
      const error = new TransportError(ErrorCodes.environmentNotReady, 'the environment is not ready', 503);
      if (payload.event === 'vite:invoke') connection.send(invokeErrorResponse(payload.data.id, error));
      else this.logger.warn(`dropped ${payload.event} from ${connection.describe()}: ${error.message}`);
      return;
    }
    this.current.emit(payload.event, payload.data, connection.client);
  }

  /**
   * Request/response invoke without a socket (HTTP /invoke): Vite's handleInvoke, or an extension.
   * @param {{ type: 'custom', event: 'vite:invoke', data: { id: string, name: string, data: unknown[] } }} payload
   * @param {Connection | undefined} connection the caller's SSE connection, when named
   */
  async invoke(payload, connection) {
    const problem = describeInvokeProblem(payload?.data, false);
    if (payload?.type !== 'custom' || payload.event !== 'vite:invoke' || problem) {
      throw new TransportError(ErrorCodes.malformedPayload, problem ?? 'body is not a vite:invoke payload');
    }
    if (this.extensions.has(payload.data.name)) return this.#runExtension(payload.data, connection);
    const environment = this.#closed ? undefined : this.environment;
    if (!environment) throw new TransportError(ErrorCodes.environmentNotReady, 'the environment is not ready', 503);
    return environment.hot.handleInvoke(payload);
  }

  async #answerExtension(connection, data) {
    const answer = await this.#runExtension(data, connection);
    connection.send({
      type: 'custom',
      event: 'vite:invoke',
      data: { name: data.name, id: data.id.replace('send', 'response'), data: answer },
    });
  }

  async #runExtension({ name, data: args }, connection) {
    try {
      return { result: await this.extensions.get(name)(args, connection) };
    } catch (error) {
      return { error: { name: error?.name, message: error?.message, stack: error?.stack, ...error } };
    }
  }

  /** Logs a dropped message and, when it was an invoke request, fails that request at once. */
  dropped(connection, error, invokeId) {
    this.logger.warn(`dropped a message from ${connection.describe()}: ${error.message}`);
    if (invokeId) connection.send(invokeErrorResponse(invokeId, error));
  }

  /** Runs when the hub closes (the Vite server closes). */
  onClose(handler) {
    this.#closeHandlers.add(handler);
  }

  get closed() {
    return this.#closed;
  }

  async close() {
    if (this.#closed) return;
    this.#closed = true;
    for (const handler of this.#closeHandlers) await handler();
    for (const connection of [...this.connections.values()]) connection.end(1001, 'Vite server closed');
  }
}

/** Whether Vite has run the environment's init() (its plugin container exists). */
function isInitialized(environment) {
  try {
    return Boolean(environment.pluginContainer);
  } catch {
    return false;
  }
}

/** One open WebSocket, SSE stream or stdio pipe. */
export class Connection {
  #deliver;
  #end;
  #open = true;

  constructor(hub, id, transport, deliver, end) {
    this.hub = hub;
    this.id = id;
    this.transport = transport;
    this.#deliver = deliver;
    this.#end = end;
    // The stable per-connection client Vite's listeners receive (normalizeHotChannel caches by it).
    this.client = { send: (payload) => this.send(payload) };
  }

  get isOpen() {
    return this.#open;
  }

  send(payload) {
    if (!this.#open) return;
    this.hub.beforeSend?.(this, payload);
    this.#deliver(payload);
  }

  /** Closes the underlying socket or stream (which then reports back through close()). */
  end(code, reason) {
    this.#end(code, reason);
    this.close();
  }

  /** Marks the connection closed and tells the environment (the transport closes the socket). */
  close() {
    if (!this.#open) return;
    this.#open = false;
    this.hub.connections.delete(this.id);
    this.hub.current?.emit('vite:client:disconnect', undefined, this.client);
    this.hub.onConnectionClosed?.(this);
  }

  describe() {
    return `${this.transport} connection ${this.id}`;
  }
}

/** The HotChannel given to one DevEnvironment instance (PROTOCOL.md §2.3). */
export class RunnerHotChannel {
  /** @type {Map<string, Set<Function>>} */
  #listeners = new Map();
  /** @type {import('vite').DevEnvironment | undefined} */
  environment;

  constructor(hub) {
    this.hub = hub;
    this.skipFsCheck = hub.options.skipFsCheck;
  }

  get isCurrent() {
    return this.hub.current === this;
  }

  send(payload) {
    if (this.isCurrent) this.hub.broadcast(payload);
  }

  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
  }

  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
  }

  emit(event, data, client) {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        const result = listener(data, client);
        if (result && typeof result.catch === 'function') {
          result.catch((error) => this.hub.logger.warn(`listener for ${event} failed: ${error?.stack ?? error}`));
        }
      } catch (error) {
        this.hub.logger.warn(`listener for ${event} failed: ${error?.stack ?? error}`);
      }
    }
  }

  /** Called by environment.listen(): the environment is ready to serve. */
  listen() {
    if (this.isCurrent) this.hub.onListen?.();
  }

  /** Environment closed: on a Vite restart a newer channel took over; otherwise the server is closing. */
  async close() {
    this.#listeners.clear();
    if (this.isCurrent) {
      await this.hub.close();
      return;
    }
    // Restart: network connections belong to the HTTP server being replaced; say so before Vite
    // destroys their sockets. The stdio pipe belongs to the process and stays.
    for (const connection of [...this.hub.connections.values()]) {
      if (connection.transport !== 'stdio') connection.end(1012, 'Vite server restarting');
    }
  }
}
