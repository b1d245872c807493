// An in-process "wire" between a Vite DevEnvironment and module runners: a HotChannel whose
// clients exchange JSON text, exactly as a socket would carry it, and a log of every message.

/**
 * @typedef {{ from: 'runner' | 'server', client: number, payload: any }} WireMessage
 * @typedef {{ kind: 'action', action: string, [key: string]: unknown }} WireAction
 */

export function createWire() {
  /** @type {Map<string, Set<Function>>} */
  const listeners = new Map();
  /** @type {Set<WireClient>} */
  const clients = new Set();
  /** @type {(WireMessage | WireAction)[]} */
  const log = [];
  let lastActivity = Date.now();
  let nextClientId = 1;

  const emit = (event, data, client) => {
    for (const listener of listeners.get(event) ?? []) listener(data, client);
  };

  /** The HotChannel handed to `new DevEnvironment(name, config, { hot: true, transport })`. */
  const channel = {
    // Like the network transports of the plugin: server.fs rules apply.
    skipFsCheck: false,
    send(payload) {
      for (const client of clients) client.send(payload);
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener);
    },
    listen() {},
    close() {
      for (const client of [...clients]) client.close();
    },
  };

  class WireClient {
    constructor(onMessage) {
      this.id = nextClientId++;
      this.onMessage = onMessage;
      clients.add(this);
      emit('vite:client:connect', undefined, this);
    }

    /** Server → runner: serialised, logged, delivered asynchronously like a socket frame. */
    send(payload) {
      const text = JSON.stringify(payload);
      lastActivity = Date.now();
      log.push({ from: 'server', client: this.id, payload: JSON.parse(text) });
      setImmediate(() => this.onMessage?.(JSON.parse(text)));
    }

    /** Runner → server: serialised, logged, routed to the channel listeners by event. */
    receive(payload) {
      const text = JSON.stringify(payload);
      lastActivity = Date.now();
      const parsed = JSON.parse(text);
      log.push({ from: 'runner', client: this.id, payload: JSON.parse(text) });
      setImmediate(() => {
        if (parsed.type === 'custom') emit(parsed.event, parsed.data, this);
      });
    }

    close() {
      if (!clients.delete(this)) return;
      this.onMessage = undefined;
      emit('vite:client:disconnect', undefined, this);
    }
  }

  return {
    channel,
    log,
    /** @param {(payload: any) => void} onMessage */
    connect: (onMessage) => new WireClient(onMessage),
    /** @param {string} action @param {Record<string, unknown>} details */
    note(action, details = {}) {
      log.push({ kind: 'action', action, ...details });
    },
    /** Resolves once no message crossed the wire for `quietMs`. */
    async settled(quietMs = 250) {
      lastActivity = Math.max(lastActivity, Date.now());
      while (Date.now() - lastActivity < quietMs) {
        await new Promise((resolve) => setTimeout(resolve, quietMs / 5));
      }
    },
  };
}

/**
 * A ModuleRunnerTransport for Vite's own ModuleRunner that talks over the wire (send/connect, so
 * invoke ids are Vite's "send:<nanoid>" ones, as over a WebSocket).
 * @param {ReturnType<typeof createWire>} wire
 */
export function createWireTransport(wire) {
  let client;
  return {
    connect({ onMessage }) {
      client = wire.connect(onMessage);
      client.send({ type: 'connected' });
    },
    send(payload) {
      client.receive(payload);
    },
    disconnect() {
      client?.close();
    },
  };
}
