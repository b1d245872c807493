// Cache coherence for runners (PROTOCOL.md §7): the server remembers which modules each
// connection holds, tells it as soon as one of them is invalidated, and answers batched fetches
// with the static imports prefetched. A runner can then skip the round trip Vite's runner makes
// to confirm an already-held module on every import edge, without missing any change.
import { randomUUID } from 'node:crypto';
import { ErrorCodes, TransportError } from './errors.js';

export const FETCH_MODULES = 'runnerExtensible:fetchModules';
export const INVALIDATE_EVENT = 'runner-extensible:invalidate';
export const DEFAULT_MAX_PREFETCH_BYTES = 8 * 1024 * 1024;

const importCall = /__vite_ssr_import__\(\s*("(?:[^"\\\n]|\\.)*")/g;

/** What a connection holds: module id → { id, url, file } as delivered. */
class ConnectionState {
  /** @type {Map<string, { id: string, url: string, file: string | null }>} */
  held = new Map();
  /** Ids the connection held when they were invalidated (and has not fetched again since). */
  stale = new Set();
  /** Invalidations not yet sent, by id. */
  pending = new Map();
  /** Sequence number of the last notice sent. */
  seq = 0;

  constructor(connection) {
    this.connection = connection;
  }
}

export class Coherence {
  /** Counts invalidations; lastInvalidated records the count at each module's latest one. */
  #epoch = 0;
  /** @type {Map<string, number>} */
  #lastInvalidated = new Map();
  /** @type {Map<string, ConnectionState>} connection id → state (subscribed connections only) */
  #states = new Map();
  #flushScheduled = false;
  #environments = 0;
  /** Names the module graph answers come from; a new one with every environment instance (a Vite restart). */
  #graph = randomUUID();

  /** @param {import('./hub.js').Hub} hub */
  constructor(hub) {
    this.hub = hub;
    hub.extensions.set(FETCH_MODULES, (args, connection) => this.fetchModules(connection, ...args));
    // A notice must reach a connection before anything sent after the invalidation (an HMR
    // update, an invoke response), so pending notices are flushed ahead of every send.
    hub.beforeSend = (connection) => this.#flush(connection.id);
    hub.onConnectionClosed = (connection) => this.#states.delete(connection.id);
    hub.onEnvironmentCreated = (environment) => this.#watch(environment);
  }

  /** Wraps the module graph's invalidateModule, the one place a transform result is dropped. */
  #watch(environment) {
    const graph = environment.moduleGraph;
    const invalidateModule = graph.invalidateModule;
    // An own property: Vite's recursive calls (importers) go through `this.invalidateModule` too.
    graph.invalidateModule = (mod, ...rest) => {
      this.#invalidated(mod);
      return invalidateModule.call(graph, mod, ...rest);
    };
    if (this.#environments++ > 0) {
      this.#graph = randomUUID();
      this.#invalidatedAll();
    }
  }

  #invalidated(mod) {
    if (!mod?.id) return;
    this.#lastInvalidated.set(mod.id, ++this.#epoch);
    for (const state of this.#states.values()) {
      const info = state.held.get(mod.id);
      if (!info) continue;
      state.held.delete(mod.id);
      state.stale.add(mod.id);
      state.pending.set(mod.id, info);
    }
    this.#scheduleFlush();
  }

  /** A new module graph (Vite restarted): nothing a runner holds is known to it. */
  #invalidatedAll() {
    this.#epoch++;
    for (const state of this.#states.values()) {
      state.held.clear();
      state.stale.clear();
      state.pending.clear();
      state.seq++;
      state.connection.send({ type: 'custom', event: INVALIDATE_EVENT, data: { seq: state.seq, all: true } });
    }
  }

  #scheduleFlush() {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      for (const id of this.#states.keys()) this.#flush(id);
    });
  }

  #flush(connectionId) {
    const state = this.#states.get(connectionId);
    if (!state || state.pending.size === 0) return;
    const modules = [...state.pending.values()];
    state.pending.clear(); // before sending: send() calls back into #flush
    state.seq++;
    state.connection.send({ type: 'custom', event: INVALIDATE_EVENT, data: { seq: state.seq, modules } });
  }

  /**
   * runnerExtensible:fetchModules(requests, options) — PROTOCOL.md §7.2.
   * @param {import('./hub.js').Connection | undefined} connection
   */
  async fetchModules(connection, requests, options = {}) {
    if (!connection?.isOpen) {
      throw new TransportError(
        ErrorCodes.unknownConnection,
        `${FETCH_MODULES} needs an open connection; over HTTP name the event stream with the X-Runner-Extensible-Connection header`,
        404,
      );
    }
    validate(requests, options);
    const environment = this.hub.environment;
    if (!environment) throw new TransportError(ErrorCodes.environmentNotReady, 'the environment is not ready', 503);

    let state = this.#states.get(connection.id);
    if (!state) this.#states.set(connection.id, (state = new ConnectionState(connection)));
    if (options.dropped === 'all') {
      state.held.clear();
      state.stale.clear();
    } else {
      for (const id of options.dropped ?? []) {
        state.held.delete(id);
        state.stale.delete(id);
      }
    }

    const startEpoch = this.#epoch;
    const startOffset = options.startOffset;
    const modules = await Promise.all(
      requests.map((request) => this.#answer(environment, state, request, startOffset)),
    );
    if (options.prefetch !== false) {
      const prefetched = await this.#prefetch(environment, state, modules, startOffset, options.maxPrefetchBytes ?? DEFAULT_MAX_PREFETCH_BYTES);
      modules.push(...prefetched);
    }

    // From here to the return nothing awaits: the held set and the answer agree.
    const invalidated = [];
    for (const entry of modules) {
      const info = entry.info;
      delete entry.info;
      if (!info) continue;
      if ((this.#lastInvalidated.get(info.id) ?? 0) > startEpoch) {
        // Invalidated while this call ran: what the answer carries may already be outdated.
        state.held.delete(info.id);
        state.stale.add(info.id);
        invalidated.push(info);
      } else {
        state.held.set(info.id, info);
        state.stale.delete(info.id);
      }
    }
    this.#flush(connection.id);
    return { modules, invalidated, noticeSeq: state.seq, graph: this.#graph };
  }

  async #answer(environment, state, request, startOffset) {
    const url = request.url;
    const entry = { url, importer: request.importer ?? null };
    try {
      let node;
      if (request.cached) {
        node = await moduleByUrl(environment, url);
        if (node?.id && state.held.has(node.id)) {
          return { ...entry, result: { cache: true }, info: state.held.get(node.id) };
        }
      }
      // Held here and invalidated since: Vite alone might answer {cache:true} (if something else
      // transformed it again), but this connection's copy is outdated, so it gets the code.
      const staleHere = node?.id !== undefined && state.stale.has(node.id);
      const result = await environment.fetchModule(url, request.importer ?? undefined, {
        cached: Boolean(request.cached) && !staleHere,
        ...(startOffset !== undefined && { startOffset }),
      });
      if (result.cache === true) {
        // Not known to this connection (e.g. held before a reconnect): Vite's own answer, and
        // from now on the server tracks it for this connection.
        node ??= await moduleByUrl(environment, url);
        return { ...entry, result, info: node?.id ? { id: node.id, url: node.url, file: node.file ?? null } : undefined };
      }
      if (typeof result.code === 'string' && state.stale.has(result.id)) result.invalidate = true;
      return { ...entry, result, info: infoOf(result) };
    } catch (error) {
      return { ...entry, error: { name: error?.name, message: error?.message, stack: error?.stack, ...error } };
    }
  }

  /** Static imports of the delivered code, transitively, that the connection neither holds nor held. */
  async #prefetch(environment, state, answered, startOffset, maxBytes) {
    const isBuiltin = builtinPredicate(environment.config.resolve.builtins);
    const seen = new Set(answered.map((entry) => entry.url));
    const prefetched = [];
    let bytes = 0;

    const expand = async (result) => {
      const importer = result.file ?? result.id;
      await Promise.all(staticImports(environment, result).map((spec) => visit(spec, importer)));
    };
    const visit = async (url, importer) => {
      if (seen.has(url) || url.startsWith('data:') || isBuiltin(url)) return;
      seen.add(url);
      if (bytes > maxBytes) return;
      const node = isBare(url) ? undefined : await moduleByUrl(environment, url);
      if (node?.id && (state.held.has(node.id) || state.stale.has(node.id))) return;
      let result;
      try {
        result = await environment.fetchModule(url, importer, { cached: false, ...(startOffset !== undefined && { startOffset }) });
      } catch {
        return; // errors are not prefetched: the runner gets them when it imports the url
      }
      if (state.held.has(result.id) || state.stale.has(result.id)) return;
      if (typeof result.code === 'string') bytes += result.code.length;
      prefetched.push({ url, importer, result, info: infoOf(result) });
      if (typeof result.code === 'string') await expand(result);
    };

    await Promise.all(answered.filter((entry) => typeof entry.result?.code === 'string').map((entry) => expand(entry.result)));
    return prefetched;
  }
}

function validate(requests, options) {
  const fail = (message) => {
    throw new TransportError(ErrorCodes.malformedPayload, `${FETCH_MODULES}: ${message}`);
  };
  if (!Array.isArray(requests) || requests.length === 0) fail('the first argument must be a non-empty array of { url, importer?, cached? }');
  for (const request of requests) {
    if (request === null || typeof request !== 'object' || typeof request.url !== 'string') fail('every request needs a string url');
    if (request.importer != null && typeof request.importer !== 'string') fail('importer must be a string or null');
  }
  if (options === null || typeof options !== 'object') fail('the second argument must be an options object');
  if (options.dropped !== undefined && options.dropped !== 'all' && !Array.isArray(options.dropped)) fail('dropped must be "all" or an array of module ids');
}

/** Only inlined modules (with code) are tracked; externals never change under a runner. */
function infoOf(result) {
  return typeof result.code === 'string' ? { id: result.id, url: result.url, file: result.file ?? null } : undefined;
}

async function moduleByUrl(environment, url) {
  try {
    return await environment.moduleGraph.getModuleByUrl(url);
  } catch {
    return undefined;
  }
}

/** The specifiers the runner will pass to __vite_ssr_import__, in order. */
function staticImports(environment, result) {
  const deps = environment.moduleGraph.getModuleById(result.id)?.transformResult?.deps;
  if (deps) return deps;
  return [...result.code.matchAll(importCall)].map((match) => JSON.parse(match[1]));
}

function isBare(url) {
  return !url.startsWith('/') && !url.startsWith('.') && !url.startsWith('file:') && !url.startsWith('\0');
}

function builtinPredicate(builtins) {
  return (url) => builtins.some((builtin) => (typeof builtin === 'string' ? builtin === url : builtin.test(url)));
}
