// The recording the conformance kit ships (src/Runner.Extensible.Conformance/Recorded/): every
// fetchModule answer a runner needs for the kit's evaluator suite, plus what Vite's own ModuleRunner
// (ESModulesEvaluator, prepareStackTrace interceptor) observed when it ran the same modules, which is
// the behaviour the kit holds evaluator plugins to.
import { crawl } from './crawl.mjs';
import { describeError } from './trace.mjs';

/** Root-relative urls the kit imports (plus what they import, found by the crawl). */
export const conformanceEntries = [
  '/src/math.ts',
  '/src/counter.ts',
  '/src/cycle/a.ts',
  '/src/reexports.ts',
  '/src/legacy.js',
  '/src/meta.ts',
  '/src/throws.ts',
  '/src/errors/throws-on-eval.ts',
  '/src/externals.ts',
  '/@id/__x00__virtual:runner-fixture',
  '/src/conformance/shape.ts',
  '/src/conformance/this-and-strict.js',
  '/src/conformance/this-importer.js',
  '/src/conformance/values.js',
  '/src/conformance/dynamic.ts',
  '/src/conformance/import-meta.ts',
  '/src/conformance/import-meta-env.ts',
  '/src/conformance/import-meta-errors.js',
  '/src/conformance/rethrow.js',
  '/src/conformance/builtin.ts',
  '/src/conformance/data-url.js',
];

const runtimeSpecifiers = [
  {
    importerUrl: '/src/conformance/dynamic.ts',
    url: '/src/dyn/computed.ts',
    why: "dynamic.ts does import('../dyn/' + 'computed.ts'); the runner resolves it against /src/conformance/dynamic.ts",
  },
];

/** A JSON-able view of a value, keeping what JSON would lose (undefined, bigint, functions). */
function view(value) {
  if (value === undefined) return { undefined: true };
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (typeof value === 'function') return { function: value.name };
  if (value instanceof Promise) return { promise: true };
  if (Array.isArray(value)) return value.map(view);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) {
      try {
        out[key] = view(value[key]);
      } catch (error) {
        out[key] = { getterThrew: `${error.name}: ${error.message}` };
      }
    }
    return out;
  }
  return value;
}

/** Runs each module with Vite's runner and records what it exported (and what its functions return). */
async function observe(runner, root) {
  const observed = {};
  const run = async (url, calls = {}) => {
    try {
      const module = await runner.import(url);
      const exports = {};
      for (const key of Object.keys(module)) {
        // `meta` holds import.meta, whose `env` getter throws by design; record its keys only.
        exports[key] = key === 'meta' ? { keys: Object.keys(module[key]) } : view(module[key]);
      }
      const results = {};
      for (const [name, args] of Object.entries(calls)) {
        try {
          results[name] = view(await module[name](...args));
        } catch (error) {
          results[name] = { threw: describeError(error, root) };
        }
      }
      observed[url] = { keys: Object.keys(module), exports, calls: results };
    } catch (error) {
      observed[url] = { threw: describeError(error, root) };
    }
  };
  await run('/src/math.ts', { add: [1, 2], default: [3, 4] });
  await run('/src/counter.ts', { increment: [] });
  await run('/src/cycle/a.ts', { readBLater: [] });
  await run('/src/reexports.ts', { plus: [2, 3], times: [2, 3] });
  await run('/src/legacy.js');
  await run('/src/throws.ts', { throwError: [] });
  await run('/src/errors/throws-on-eval.ts');
  await run('/src/externals.ts', { esmDefault: [] });
  await run('/@id/__x00__virtual:runner-fixture');
  await run('/src/conformance/shape.ts', { assignExport: [], addExport: [], deleteExport: [] });
  await run('/src/conformance/this-and-strict.js', { exportedThis: [], assignUndeclared: [], writeReadOnly: [] });
  await run('/src/conformance/this-importer.js');
  await run('/src/conformance/values.js', { sum: [1, 2, 3], typeOf: [null], json: [{ a: [1, 2] }], resolveLater: ['later'], rejectLater: ['rejected'], fail: ['failed'] });
  await run('/src/conformance/dynamic.ts', { loadAll: [] });
  await run('/src/conformance/import-meta.ts');
  await run('/src/conformance/import-meta-env.ts');
  await run('/src/conformance/import-meta-errors.js', { dynamicEnv: [], resolve: ['./x.js'], glob: [] });
  await run('/src/conformance/rethrow.js', { importFailingTwice: [] });
  await run('/src/conformance/builtin.ts');
  await run('/src/conformance/data-url.js');
  return observed;
}

export const conformanceScenario = {
  name: 'conformance-modules',
  /**
   * @param {(part: (session: import('./runner-session.mjs').Session) => Promise<object>) => Promise<any>} inFreshSession
   *   runs `part` in a session on a fresh server and returns its result, normalised against that session's root
   */
  async record(inFreshSession) {
    const { builtins, exchanges } = await inFreshSession(async (session) => ({
      builtins: (await session.invoke('getBuiltins')).result,
      exchanges: await crawl(session, conformanceEntries, runtimeSpecifiers),
    }));
    const observedByVite = await inFreshSession((session) => observe(session.startRunner(), session.root));
    return {
      description:
        'What the conformance kit replays: getBuiltins, then fetchModule for every url a runner requests from ' +
        "the entries (each first with cached:false, then with cached:true, on a fresh server), and what Vite's own " +
        'ModuleRunner with ESModulesEvaluator observed when it imported the same entries on another fresh server.',
      entries: conformanceEntries,
      builtins,
      exchanges,
      observedByVite,
    };
  },
};
