import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModuleRunner, ESModulesEvaluator, createWebSocketModuleRunnerTransport } from 'vite/module-runner';
import WebSocket from 'ws';
import { FETCH_MODULES, INVALIDATE_EVENT } from '../index.js';
import { connectWebSocket, openEventStream, post } from './helpers/clients.js';
import { CoherentRunner } from './helpers/coherent-runner.js';
import { isEvent, isResponse, isType } from './helpers/message-queue.js';
import { TOKEN, startServer } from './helpers/server.js';

/** The static graph of /src/main.ts as a runner requests it (builtins and data: excluded). */
const MAIN_GRAPH = [
  '/@id/__x00__virtual:runner-fixture',
  '/src/builtins.ts',
  '/src/counter.ts',
  '/src/cycle/a.ts',
  '/src/cycle/b.ts',
  '/src/externals.ts',
  '/src/legacy.js',
  '/src/main.ts',
  '/src/math.ts',
  '/src/meta.ts',
  '/src/reexports.ts',
  '/src/star-source.ts',
  '/src/throws.ts',
  'cjs-pkg',
  'esm-pkg',
];

/** Holds transforms of one module until released, to change the graph in the middle of a call. */
function gatePlugin() {
  const gate = { armed: false };
  gate.reset = () => {
    gate.entered = new Promise((resolve) => (gate.enter = resolve));
    gate.released = new Promise((resolve) => (gate.release = resolve));
  };
  gate.reset();
  gate.plugin = {
    name: 'test-gate',
    async transform(_code, id) {
      if (gate.armed && id.endsWith('/src/dyn/root.ts')) {
        gate.armed = false;
        gate.enter();
        await gate.released;
      }
      return null;
    },
  };
  return gate;
}

/** A WebSocket client with an invoke helper and a CoherentRunner fed by its messages. */
async function coherentClient(app) {
  const client = await connectWebSocket(`${app.urls.websocket}?token=${TOKEN}`);
  let next = 0;
  client.invoke = async (name, args) => {
    const id = `send:${++next}`;
    client.send({ type: 'custom', event: 'vite:invoke', data: { name, id, data: args } });
    return (await client.queue.next(isResponse(id.replace('send', 'response')))).data.data;
  };
  client.runner = new CoherentRunner(client.invoke);
  client.ws.on('message', (data) => client.runner.onPayload(JSON.parse(data.toString())));
  return client;
}

describe('cache coherence: the graph an answer comes from', () => {
  it('names the module graph in every answer, and a Vite restart gives it a new name', async () => {
    const app = await startServer();
    try {
      const first = await coherentClient(app);
      const a = (await first.runner.fetch([{ url: '/src/math.ts', importer: null }])).answer;
      const b = (await first.runner.fetch([{ url: '/src/counter.ts', importer: null }])).answer;
      assert.match(a.graph, /^[0-9a-f-]{36}$/);
      assert.equal(b.graph, a.graph);

      await app.server.restart();
      await first.closed;
      const second = await coherentClient(app);
      const c = (await second.runner.fetch([{ url: '/src/math.ts', importer: null }])).answer;
      assert.match(c.graph, /^[0-9a-f-]{36}$/);
      assert.notEqual(c.graph, a.graph);
      second.close();
    } finally {
      await app.close();
    }
  });
});

describe('cache coherence (runnerExtensible:fetchModules)', () => {
  let app;
  const gate = gatePlugin();

  before(async () => {
    app = await startServer({}, { plugins: [gate.plugin] });
  });
  after(() => app.close());

  it('answers an entry with its whole static graph in one round trip', async () => {
    const client = await coherentClient(app);
    const { answer } = await client.runner.fetch([{ url: '/src/main.ts', importer: null }]);
    assert.deepEqual(answer.modules.map((entry) => entry.url).sort(), MAIN_GRAPH);
    assert.ok(answer.modules.every((entry) => entry.result && !entry.error));
    const external = answer.modules.find((entry) => entry.url === 'esm-pkg');
    assert.equal(external.importer, `${app.fixture.root}/src/externals.ts`);
    assert.equal(external.result.type, 'module');
    assert.deepEqual(answer.invalidated, []);
    assert.equal(answer.noticeSeq, 0);
    client.close();
  });

  it('imports a graph with one round trip per entry, then none while nothing changes', async () => {
    const client = await coherentClient(app);
    await client.runner.import('/src/main.ts');
    await client.runner.import('/src/hmr/main.ts');
    const modules = client.runner.trusted.length;
    assert.equal(modules, 13 + 10); // inlined modules of both graphs
    assert.equal(client.runner.roundTrips, 2);
    assert.ok(client.runner.roundTrips / modules <= 1.05);
    await client.runner.import('/src/main.ts');
    await client.runner.import('/src/cycle/b.ts');
    assert.equal(client.runner.roundTrips, 2, 'held modules are used without asking');
    client.close();
  });

  it('answers {cache:true} for held modules and prefetches nothing held', async () => {
    const client = await coherentClient(app);
    await client.runner.fetch([{ url: '/src/main.ts' }]);
    const { answer } = await client.runner.fetch([{ url: '/src/main.ts', cached: true }, { url: '/src/math.ts', cached: true }]);
    assert.deepEqual(answer.modules.map((entry) => entry.result), [{ cache: true }, { cache: true }]);
    client.close();
  });

  it('notifies held modules before the HMR update and re-delivers them with invalidate:true', async () => {
    const client = await coherentClient(app);
    await client.runner.import('/src/hmr/main.ts');
    app.edit('src/hmr/child.ts', "'child v1'", "'child v2'");
    const update = await client.queue.next(isType('update'));
    const pending = client.queue.pending;
    const notices = pending.filter(isEvent(INVALIDATE_EVENT));
    // Notices are flushed before the update is sent, so they are already here.
    assert.equal(update.updates[0].acceptedPath, '/src/hmr/child.ts');
    assert.ok(notices.length >= 1, 'notice received');
    const ids = notices.flatMap((notice) => notice.data.modules.map((m) => m.url));
    assert.deepEqual(ids, ['/src/hmr/child.ts']);
    assert.equal(notices[0].data.seq, 1);
    const child = client.runner.lookup('/src/hmr/child.ts');
    assert.equal(child.stale, true);
    const parent = client.runner.lookup('/src/hmr/parent.ts');
    assert.equal(parent.stale, false, 'parent accepts child: not invalidated');
    const { answer } = await client.runner.fetch([{ url: '/src/hmr/child.ts', cached: true }]);
    assert.equal(answer.modules[0].result.invalidate, true);
    assert.match(answer.modules[0].result.code, /child v2/);
    assert.equal(answer.noticeSeq, 1);
    client.close();
  });

  it('orders the notice before the update on the wire', async () => {
    const client = await coherentClient(app);
    const order = [];
    client.ws.on('message', (data) => {
      const payload = JSON.parse(data.toString());
      order.push(payload.type === 'custom' ? payload.event : payload.type);
    });
    await client.runner.import('/src/hmr/main.ts');
    app.edit('src/hmr/self.ts', "'self v1'", "'self v2'");
    await client.queue.next(isType('update'));
    const tail = order.filter((kind) => kind !== 'vite:invoke' && kind !== 'connected');
    assert.deepEqual(tail, [INVALIDATE_EVENT, 'update']);
    client.close();
  });

  it('still re-delivers a stale module after another runner re-transformed it (stricter than {cache:true})', async () => {
    const a = await coherentClient(app);
    const b = await coherentClient(app);
    await a.runner.import('/src/hmr/main.ts');
    await b.runner.import('/src/hmr/main.ts');
    app.edit('src/hmr/plain.ts', "'plain v1'", "'plain v2'");
    await a.queue.next(isEvent(INVALIDATE_EVENT));
    await b.queue.next(isEvent(INVALIDATE_EVENT));
    const first = await b.runner.fetch([{ url: '/src/hmr/plain.ts', cached: true }]);
    assert.equal(first.answer.modules[0].result.invalidate, true);
    // Vite alone would now answer a's cached:true with {cache:true}: the transform result is back.
    const vite = await app.environment.fetchModule('/src/hmr/plain.ts', undefined, { cached: true });
    assert.deepEqual(vite, { cache: true });
    const second = await a.runner.fetch([{ url: '/src/hmr/plain.ts', cached: true }]);
    assert.equal(second.answer.modules[0].result.invalidate, true);
    assert.match(second.answer.modules[0].result.code, /plain v2/);
    a.close();
    b.close();
  });

  it('lists modules invalidated while the call ran', async () => {
    const client = await coherentClient(app);
    await app.environment.fetchModule('/src/star-source.ts'); // transformed already: answered at once
    gate.reset();
    gate.armed = true;
    const call = client.runner.fetch([{ url: '/src/star-source.ts' }, { url: '/src/dyn/root.ts' }], { prefetch: false });
    await gate.entered;
    await new Promise((resolve) => setTimeout(resolve, 50));
    app.edit('src/star-source.ts', "'star a'", "'star A'");
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.release();
    const { answer } = await call;
    assert.match(answer.modules[0].result.code, /star a/, 'the answer carries the code read before the edit');
    assert.deepEqual(answer.invalidated.map((m) => m.url), ['/src/star-source.ts']);
    assert.equal(client.runner.lookup('/src/star-source.ts').stale, true);
    const again = await client.runner.fetch([{ url: '/src/star-source.ts', cached: true }], { prefetch: false });
    assert.match(again.answer.modules[0].result.code, /star A/);
    client.close();
  });

  it('never trusts outdated code: random edits and imports (the "no change missed" property)', async () => {
    const client = await coherentClient(app);
    const files = ['src/math.ts', 'src/counter.ts', 'src/cycle/a.ts', 'src/cycle/b.ts', 'src/legacy.js', 'src/meta.ts', 'src/reexports.ts', 'src/star-source.ts', 'src/throws.ts', 'src/main.ts'];
    const entries = ['/src/main.ts', '/src/reexports.ts', '/src/cycle/b.ts', '/src/math.ts'];
    let seed = 7;
    const random = (n) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const checkTrusted = async () => {
      for (const module of client.runner.trusted) {
        const current = await app.environment.fetchModule(module.url, undefined, { cached: false, startOffset: 3 });
        assert.equal(module.code, current.code, `trusted ${module.url} is outdated`);
      }
    };
    await client.runner.import('/src/main.ts');
    for (let step = 0; step < 25; step++) {
      const file = files[random(files.length)];
      app.edit(file, '\n', `\n// edit ${step}\n`);
      if (random(2) === 0) await client.runner.import(entries[random(entries.length)]);
      // Any later message from the server: every notice for the edit has been applied by then.
      await client.invoke('getBuiltins', []);
      await checkTrusted();
    }
    client.close();
  });

  it("needs at most 1.05 round trips per module (Vite's runner also confirms every further import edge)", async (t) => {
    // Vite's own runner over the same endpoint, counting fetchModule requests.
    let viteRequests = 0;
    const runner = new ModuleRunner(
      {
        transport: createWebSocketModuleRunnerTransport({
          createConnection: () => {
            const ws = new WebSocket(`${app.urls.websocket}?token=${TOKEN}`);
            const send = ws.send.bind(ws);
            ws.send = (text) => {
              if (String(text).includes('"fetchModule"')) viteRequests++;
              send(text);
            };
            return ws;
          },
        }),
        hmr: false,
      },
      new ESModulesEvaluator(),
    );
    await runner.import('/src/main.ts');
    const viteModules = [...runner.evaluatedModules.idToModuleMap.values()].length;
    await runner.close();

    const client = await coherentClient(app);
    await client.runner.import('/src/main.ts');
    const ours = client.runner.roundTrips / client.runner.trusted.length;
    t.diagnostic(`round trips per module: Vite ${(viteRequests / viteModules).toFixed(2)}, ours ${ours.toFixed(2)}`);
    assert.ok(ours <= 1.05);
    client.close();
  });
});

describe('cache coherence over HTTP', () => {
  let app;
  before(async () => {
    app = await startServer();
  });
  after(() => app.close());

  it('needs the event stream named, sends notices on it and a noticeSeq with answers', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const invoke = (args, headers = {}) =>
      post(`${app.urls.http}/invoke`, { type: 'custom', event: 'vite:invoke', data: { id: 'send', name: FETCH_MODULES, data: args } }, { ...auth, ...headers });

    const unnamed = await invoke([[{ url: '/src/math.ts' }], {}]);
    assert.equal(unnamed.status, 200);
    assert.equal(unnamed.body.error.code, 'ERR_UNKNOWN_CONNECTION');

    const events = await openEventStream(`${app.urls.http}/events`, { headers: auth });
    const named = { 'X-Runner-Extensible-Connection': events.connectionId };
    const malformed = await invoke([[], {}], named);
    assert.equal(malformed.body.error.code, 'ERR_MALFORMED_PAYLOAD');
    const first = await invoke([[{ url: '/src/cycle/a.ts' }], { startOffset: 3 }], named);
    assert.deepEqual(first.body.result.modules.map((m) => m.url), ['/src/cycle/a.ts', '/src/cycle/b.ts']);
    assert.equal(first.body.result.noticeSeq, 0);

    app.edit('src/cycle/b.ts', "'b'", "'B'");
    const notice = await events.queue.next(isEvent(INVALIDATE_EVENT));
    assert.equal(notice.data.seq, 1);
    assert.deepEqual(notice.data.modules.map((m) => m.url).sort(), ['/src/cycle/a.ts', '/src/cycle/b.ts']);
    const second = await invoke([[{ url: '/src/cycle/b.ts', cached: true }], { startOffset: 3 }], named);
    assert.equal(second.body.result.noticeSeq, 1);
    assert.equal(second.body.result.modules[0].result.invalidate, true);
    events.close();
  });
});
