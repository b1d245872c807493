// A reference runner for PROTOCOL.md §7.4, without an evaluator: "importing" a module makes sure
// the runner holds its current code and, when that code is new, imports its static imports, as
// evaluation would. The .NET core implements the same rules; tests use this one to check the
// server half and to count round trips.
import { FETCH_MODULES, INVALIDATE_EVENT } from '../../index.js';

const importCall = /__vite_ssr_import__\(\s*("(?:[^"\\\n]|\\.)*")/g;

export class CoherentRunner {
  /** id → { id, url, code | undefined (external), stale } */
  modules = new Map();
  /** url (requested or server url) → id */
  urls = new Map();
  /** url → prefetched entry not used yet */
  prefetched = new Map();
  roundTrips = 0;
  appliedSeq = 0;

  /**
   * @param {(name: string, args: unknown[]) => Promise<{ result?: any, error?: any }>} invoke
   * @param {{ isLocal?: (url: string) => boolean, startOffset?: number }} [options]
   */
  constructor(invoke, options = {}) {
    this.invoke = invoke;
    this.isLocal = options.isLocal ?? ((url) => url.startsWith('data:') || url.startsWith('node:'));
    this.startOffset = options.startOffset ?? 3;
  }

  /** Feed every server payload here (notices are applied at once, not queued). */
  onPayload(payload) {
    if (payload.type !== 'custom' || payload.event !== INVALIDATE_EVENT) return;
    const { seq, all, modules } = payload.data;
    if (all) for (const module of this.modules.values()) module.stale = true;
    for (const { id } of modules ?? []) {
      const module = this.modules.get(id);
      if (module) module.stale = true;
    }
    this.appliedSeq = seq;
  }

  lookup(url) {
    const id = this.urls.get(url);
    return id === undefined ? undefined : this.modules.get(id);
  }

  /** Modules held and not stale: what the runner would use without a round trip. */
  get trusted() {
    return [...this.modules.values()].filter((module) => !module.stale && module.code !== undefined);
  }

  async import(url, importer = null) {
    if (this.isLocal(url)) return;
    let module = this.lookup(url);
    if (module && !module.stale) return; // rule 1: no round trip
    let fresh;
    const prefetched = module ? undefined : this.prefetched.get(url);
    if (prefetched) {
      this.prefetched.delete(url);
      fresh = this.#store(prefetched);
    } else {
      const answer = await this.fetch([{ url, importer, cached: Boolean(module) }]);
      fresh = answer.fresh[0];
    }
    module = this.lookup(url);
    if (fresh && module?.code !== undefined) {
      const importerFile = module.file ?? module.id;
      for (const match of module.code.matchAll(importCall)) await this.import(JSON.parse(match[1]), importerFile);
    }
  }

  /** One round trip: runnerExtensible:fetchModules. Returns, per request, whether new code arrived. */
  async fetch(requests, options = {}) {
    this.roundTrips++;
    const answer = await this.invoke(FETCH_MODULES, [requests, { startOffset: this.startOffset, ...options }]);
    if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
    const { modules, invalidated } = answer.result;
    const fresh = [];
    modules.forEach((entry, index) => {
      if (index < requests.length) {
        if (entry.error) throw Object.assign(new Error(entry.error.message), entry.error);
        fresh.push(this.#store(entry));
      } else if (!this.lookup(entry.url)) {
        this.prefetched.set(entry.url, entry);
      }
    });
    for (const { id } of invalidated) {
      const module = this.modules.get(id);
      if (module) module.stale = true;
    }
    return { fresh, answer: answer.result };
  }

  /** Applies one entry like Vite applies a fetchModule result; true when it brought code to run. */
  #store(entry) {
    const result = entry.result;
    if (result.cache) {
      const module = this.lookup(entry.url);
      if (module) module.stale = false;
      return false;
    }
    if (result.externalize) {
      this.modules.set(result.externalize, { id: result.externalize, url: entry.url, code: undefined, stale: false });
      this.urls.set(entry.url, result.externalize);
      return false;
    }
    const existing = this.modules.get(result.id);
    const changed = !existing || result.invalidate || existing.code !== result.code;
    this.modules.set(result.id, { id: result.id, url: result.url, file: result.file, code: result.code, stale: false });
    this.urls.set(entry.url, result.id);
    this.urls.set(result.url, result.id);
    return changed;
  }
}
