// HMR sessions: Vite's ModuleRunner imports /src/hmr/main.ts over the wire, then one action
// (an edit of the fixture copy, or a server-sent custom event) and everything that follows is
// recorded: server payloads in order, the runner's fetchModule requests and their answers, and
// what the runner sends back (vite:invalidate, custom events).
import { messages, summarize } from './trace.mjs';

const ENTRY = '/src/hmr/main.ts';

function observeHmrMain(main) {
  return {
    selfValue: main.selfValue,
    parentSaw: main.parentSaw,
    plainValue: main.plainValue,
    prunerValue: main.prunerValue,
    invParentValue: main.invParentValue,
  };
}

/**
 * @param {string} name
 * @param {string} description
 * @param {(session: import('./runner-session.mjs').Session) => void} act
 */
function hmrScenario(name, description, act) {
  return {
    name,
    async record(session) {
      const runner = session.startRunner();
      const { wire } = session;
      wire.note('runner.import', { url: ENTRY });
      const before = observeHmrMain(await runner.import(ENTRY));
      await wire.settled();
      const fixtureLogBefore = session.fixtureLog;

      const actionIndex = wire.log.length;
      act(session);
      await wire.settled(400);

      // Read the runner's current namespace without importing again: a full reload replaces it,
      // and a new import would itself cause traffic (the entry's transform was soft-invalidated).
      const after = observeHmrMain(runner.evaluatedModules.getModuleByUrl(ENTRY).exports);
      return {
        description,
        entry: ENTRY,
        messages: messages(wire.log),
        afterAction: summarize(wire.log, actionIndex),
        fixtureLogBeforeAction: fixtureLogBefore,
        fixtureLogAfterAction: session.fixtureLog.slice(fixtureLogBefore.length),
        runnerLog: session.runnerLog,
        observed: { before, after },
      };
    },
  };
}

export const hmrScenarios = [
  hmrScenario(
    'hmr-self-accept',
    'Edit of the self-accepting src/hmr/self.ts: one js-update with path === acceptedPath; dispose runs with data, ' +
      'the module alone is re-fetched (cached:true, answered with code and invalidate:true) and re-executed.',
    (session) => session.edit('src/hmr/self.ts', [["'self v1'", "'self v2'"]]),
  ),
  hmrScenario(
    'hmr-accept-child',
    'Edit of src/hmr/child.ts, accepted by its parent with hot.accept("./child", cb): js-update with path = parent, ' +
      'acceptedPath = child; the child is re-fetched and the callback receives the new module.',
    (session) => session.edit('src/hmr/child.ts', [["'child v1'", "'child v2'"]]),
  ),
  hmrScenario(
    'hmr-full-reload',
    'Edit of src/hmr/plain.ts, which nobody accepts: full-reload with triggeredBy = its absolute path; the runner ' +
      'clears its cache and re-imports the entry with cached:false requests.',
    (session) => session.edit('src/hmr/plain.ts', [["'plain v1'", "'plain v2'"]]),
  ),
  hmrScenario(
    'hmr-prune',
    'Edit of the self-accepting src/hmr/pruner.ts that removes its import of pruned.ts: js-update for pruner.ts, ' +
      'then (once the runner has re-fetched pruner.ts) prune with paths ["/src/hmr/pruned.ts"].',
    (session) =>
      session.edit('src/hmr/pruner.ts', [
        ["import { prunedValue } from './pruned';\n", ''],
        ["'pruner v1 ' + prunedValue", "'pruner v2'"],
      ]),
  ),
  hmrScenario(
    'hmr-invalidate',
    'Edit of src/hmr/inv.ts, whose accept callback calls hot.invalidate(): after the js-update for inv.ts the runner ' +
      'sends vite:invalidate and the server answers with a js-update for the importer inv-parent.ts carrying ' +
      'firstInvalidatedBy.',
    (session) => session.edit('src/hmr/inv.ts', [["'inv v1'", "'inv v2'"]]),
  ),
  hmrScenario(
    'hmr-custom-events',
    'Custom events both ways. While /src/hmr/events.ts evaluates it sends x:hello and the fixture config answers ' +
      'x:hello-reply to that runner only (in the initial import part of messages). The action is a server ' +
      'broadcast of x:ping; the module answers x:pong with hot.send.',
    (session) => {
      const payload = { type: 'custom', event: 'x:ping', data: { n: 1 } };
      session.wire.note('server-send', { payload });
      session.environment.hot.send(payload);
    },
  ),
];
