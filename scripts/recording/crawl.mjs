// Fetches a module graph the way a runner walks it (depth first, imports in source order), with
// raw fetchModule invokes, recording each answer with cached:false and then with cached:true.
import { START_OFFSET } from './runner-session.mjs';

const importCall = /__vite_ssr_(?:dynamic_)?import__\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** Literal specifiers of `__vite_ssr_import__` / `__vite_ssr_dynamic_import__` calls, in code order. */
export function importSpecifiers(code) {
  const found = [];
  for (const match of code.matchAll(importCall)) {
    const literal = match[1];
    const body = literal.slice(1, -1);
    found.push(literal.startsWith('"') ? JSON.parse(literal) : body.replace(/\\(.)/g, '$1'));
  }
  return found;
}

/** Turns the getBuiltins answer into the runner's isBuiltin predicate (data: URLs included). */
export function builtinPredicate(builtins) {
  const matchers = builtins.map((b) =>
    b.type === 'RegExp' ? (url) => new RegExp(b.source, b.flags).test(url) : (url) => url === b.value,
  );
  return (url) => url.startsWith('data:') || matchers.some((m) => m(url));
}

/**
 * @param {import('./runner-session.mjs').Session} session
 * @param {string[]} entries root-relative urls
 * @param {{ importerUrl: string, url: string, why: string }[]} runtimeSpecifiers requests a runner
 *   makes for dynamic imports whose specifier is computed at run time
 */
export async function crawl(session, entries, runtimeSpecifiers) {
  const builtins = (await session.invoke('getBuiltins')).result;
  const isLocal = builtinPredicate(builtins);
  const exchanges = [];
  const seen = new Set();

  const record = async (url, importer, cached, extra) => {
    const args = [url, importer, { cached, startOffset: START_OFFSET }];
    const response = await session.invoke('fetchModule', ...args);
    exchanges.push({ method: 'fetchModule', args, response, ...extra });
    return response;
  };

  const visit = async (url, importer) => {
    if (seen.has(url)) return;
    seen.add(url);
    const extra = isLocal(url) ? { resolvedLocallyByRunner: true } : {};
    const first = await record(url, importer, false, extra);
    await record(url, importer, true, extra);
    const result = first.result;
    if (!result || typeof result.code !== 'string') return;
    const importerForDeps = result.file || result.id;
    for (const specifier of importSpecifiers(result.code)) await visit(specifier, importerForDeps);
    for (const runtime of runtimeSpecifiers.filter((r) => r.importerUrl === result.url)) {
      await visit(runtime.url, importerForDeps);
    }
  };

  for (const entry of entries) await visit(entry, null);
  return exchanges;
}
