// Sessions in which Vite's own ModuleRunner imports fixture modules over the wire: the recorded
// traffic is the reference for what our runner must send and how it must react.
import { describeError, messages, summarize } from './trace.mjs';

/** JSON-able view of /src/main.ts's exports. */
function observeMain(main) {
  return {
    keys: Object.keys(main).sort(),
    sum: main.sum,
    product: main.product,
    area: main.area,
    reexports: {
      keys: Object.keys(main.reexports).sort(),
      plus: main.reexports.plus(2, 3),
      times: main.reexports.times(2, 3),
      starA: main.reexports.starA,
      shadowed: main.reexports.shadowed,
      nsKeys: Object.keys(main.reexports.ns).sort(),
    },
    count: main.count,
    a: main.a,
    bSawA: main.bSawA,
    readBLater: main.readBLater(),
    legacy: main.legacy,
    joined: main.joined,
    dataValue: main.dataValue,
    esmValue: main.esmValue,
    cjsValue: main.cjsValue,
    virtualDefault: main.virtualDefault,
    fromVirtual: main.fromVirtual,
    meta: main.meta,
  };
}

export const runnerScenarios = [
  {
    name: 'runner-import-main',
    async record(session) {
      const runner = session.startRunner();
      const { wire } = session;
      wire.note('runner.import', { url: '/src/main.ts' });
      const main = await runner.import('/src/main.ts');
      const afterImport = observeMain(main);
      await wire.settled();

      wire.note('call', { expression: 'main.loadDynamic()' });
      const dynamic = await main.loadDynamic();
      await wire.settled();

      wire.note('call', { expression: 'main.increment()' });
      const incremented = main.increment();
      const countAfterIncrement = main.count;

      let thrown;
      try {
        main.throwError();
      } catch (error) {
        thrown = describeError(error, session.root);
      }

      const secondImportFrom = wire.log.length;
      wire.note('runner.import', { url: '/src/main.ts', note: 'second import of a loaded module' });
      const again = await runner.import('/src/main.ts');
      await wire.settled();

      return {
        description:
          "Vite's ModuleRunner (ESModulesEvaluator, startOffset 3, sourcemapInterceptor prepareStackTrace) imports " +
          '/src/main.ts, calls loadDynamic() (relative, root-relative and run-time dynamic imports), increment() ' +
          '(live binding) and throwError() (mapped stack), then imports /src/main.ts again.',
        messages: messages(wire.log),
        exchanges: summarize(wire.log).exchanges,
        secondImport: { ...summarize(wire.log, secondImportFrom), sameNamespace: again === main },
        observed: {
          afterImport,
          dynamic,
          incremented,
          countAfterIncrement,
          throwError: thrown,
          meta: main.meta,
        },
        fixtureLog: session.fixtureLog,
      };
    },
  },
  {
    name: 'runner-import-errors',
    async record(session) {
      const runner = session.startRunner();
      const { wire } = session;
      const attempts = [];
      const attempt = async (url, note) => {
        wire.note('runner.import', { url, note });
        try {
          await runner.import(url);
          attempts.push({ url, note, error: null });
        } catch (error) {
          attempts.push({ url, note, error: describeError(error, session.root) });
        }
        await wire.settled();
      };
      await attempt('/src/errors/throws-on-eval.ts', 'evaluation throws');
      await attempt('/src/errors/throws-on-eval.ts', 'again: the failed evaluation is cached and rethrown');
      await attempt('/src/does-not-exist.ts', 'missing file');
      await attempt('/src/errors/parse-error.ts', 'parse error');
      return {
        description: "Vite's ModuleRunner importing modules that fail: what goes over the wire and what it throws.",
        messages: messages(wire.log),
        exchanges: summarize(wire.log).exchanges,
        observed: { attempts },
        fixtureLog: session.fixtureLog,
      };
    },
  },
];
