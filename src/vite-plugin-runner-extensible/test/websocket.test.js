import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ModuleRunner, ESModulesEvaluator, createWebSocketModuleRunnerTransport } from 'vite/module-runner';
import WebSocket from 'ws';
import { connectWebSocket } from './helpers/clients.js';
import { FIXTURE_ROOT } from './helpers/fixture.js';
import { isEvent, isResponse, isType } from './helpers/message-queue.js';
import { TOKEN, fetchModuleArgs, startServer } from './helpers/server.js';

const MAX = 64 * 1024;

describe('WebSocket transport', () => {
  let app;
  const connectionEvents = [];
  const url = (token = TOKEN) => `${app.urls.websocket}?token=${encodeURIComponent(token)}`;
  const invoke = (id, name, args) => ({ type: 'custom', event: 'vite:invoke', data: { name, id, data: args } });

  before(async () => {
    const recorder = {
      name: 'record-client-events',
      configureServer(server) {
        const hot = server.environments.dotnet.hot;
        hot.on('vite:client:connect', (_, client) => connectionEvents.push(['connect', client]));
        hot.on('vite:client:disconnect', (_, client) => connectionEvents.push(['disconnect', client]));
      },
    };
    app = await startServer({ maxPayloadBytes: MAX }, { plugins: [recorder] });
  });
  after(() => app.close());

  it('greets with connected and answers fetchModule only to the requester', async () => {
    const a = await connectWebSocket(url());
    const b = await connectWebSocket(url());
    await a.queue.next(isType('connected'));
    await b.queue.next(isType('connected'));
    a.send(invoke('send:abc', 'fetchModule', fetchModuleArgs('/src/math.ts')));
    const response = await a.queue.next(isResponse('response:abc'));
    assert.equal(response.data.name, 'fetchModule');
    assert.equal(response.data.data.result.url, '/src/math.ts');
    assert.match(response.data.data.result.code, /__vite_ssr_exportName__\("PI"/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(b.queue.pending.filter(isResponse('response:abc')), []);
    a.close();
    b.close();
  });

  it('accepts the token as a Bearer header and offers the runner-extensible subprotocol', async () => {
    const client = await connectWebSocket(app.urls.websocket, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      protocols: ['runner-extensible'],
    });
    assert.equal(client.ws.protocol, 'runner-extensible');
    client.send(invoke('send:b1', 'getBuiltins', []));
    const response = await client.queue.next(isResponse('response:b1'));
    assert.ok(response.data.data.result.some((b) => b.type === 'string' && b.value === 'fs'));
    client.close();
  });

  it('refuses a wrong or missing token with 401 and a clear reason', async () => {
    const wrong = await connectWebSocket(url('not-the-token')).then(() => null, (error) => error);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['x-runner-extensible-error'], 'ERR_UNAUTHORIZED');
    assert.deepEqual(wrong.body.error, {
      name: 'RunnerExtensibleTransportError',
      code: 'ERR_UNAUTHORIZED',
      message: 'wrong token for this Vite server',
    });
    const missing = await connectWebSocket(app.urls.websocket).then(() => null, (error) => error);
    assert.equal(missing.status, 401);
    assert.match(missing.body.error.message, /missing token/);
    const wrongHeader = await connectWebSocket(url(), { headers: { Authorization: 'Bearer nope' } }).then(() => null, (e) => e);
    assert.equal(wrongHeader.status, 401, 'a present Authorization header is checked alone');
  });

  it('refuses a foreign Origin with 403 and accepts the server\'s own', async () => {
    const foreign = await connectWebSocket(url(), { headers: { Origin: 'http://evil.example' } }).then(() => null, (e) => e);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'ERR_FORBIDDEN_ORIGIN');
    const own = await connectWebSocket(url(), { headers: { Origin: new URL(app.urls.http).origin } });
    await own.queue.next(isType('connected'));
    own.close();
  });

  it('applies server.fs to fetchModule (the socket is reachable from the network)', async () => {
    const client = await connectWebSocket(url());
    const outside = '/@fs' + path.join(FIXTURE_ROOT, 'src/math.ts');
    client.send(invoke('send:fs', 'fetchModule', fetchModuleArgs(outside)));
    const response = await client.queue.next(isResponse('response:fs'));
    assert.match(response.data.data.error?.message ?? '', /Failed to load url/);
    client.close();
  });

  it('pushes an HMR update after an edit', async () => {
    const client = await connectWebSocket(url());
    client.send(invoke('send:h', 'fetchModule', fetchModuleArgs('/src/hmr/self.ts')));
    await client.queue.next(isResponse('response:h'));
    app.edit('src/hmr/self.ts', "'self v1'", "'self v2'");
    const update = await client.queue.next(isType('update'));
    assert.equal(update.updates[0].type, 'js-update');
    assert.equal(update.updates[0].path, '/src/hmr/self.ts');
    assert.equal(update.updates[0].acceptedPath, '/src/hmr/self.ts');
    client.close();
  });

  it('carries custom events both ways', async () => {
    const client = await connectWebSocket(url());
    client.send({ type: 'custom', event: 'x:hello', data: { n: 1 } });
    const reply = await client.queue.next(isEvent('x:hello-reply'));
    assert.deepEqual(reply.data, { echoed: { n: 1 }, environment: 'dotnet' });
    app.environment.hot.send({ type: 'custom', event: 'x:ping', data: { n: 2 } });
    assert.deepEqual((await client.queue.next(isEvent('x:ping'))).data, { n: 2 });
    client.close();
  });

  it('drops malformed and oversized messages and keeps the connection', async () => {
    const client = await connectWebSocket(url());
    client.send('garbage');
    client.send(Buffer.from([0xff, 0xfe, 0x00]));
    client.send('[1,2]');
    client.send('{"type":"custom"}');
    client.send({ type: 'custom', event: 'vite:invoke', data: { name: 'fetchModule', id: 'send:bad' } });
    const malformed = await client.queue.next(isResponse('response:bad'));
    assert.equal(malformed.data.data.error.code, 'ERR_MALFORMED_PAYLOAD');

    client.send(invoke('send:big', 'fetchModule', ['/src/math.ts', 'x'.repeat(MAX), {}]));
    const tooLarge = await client.queue.next(isResponse('response:big'));
    assert.equal(tooLarge.data.data.error.name, 'RunnerExtensibleTransportError');
    assert.equal(tooLarge.data.data.error.code, 'ERR_PAYLOAD_TOO_LARGE');

    client.send(invoke('send:ok', 'fetchModule', fetchModuleArgs('/src/counter.ts')));
    const ok = await client.queue.next(isResponse('response:ok'));
    assert.equal(ok.data.data.result.url, '/src/counter.ts');
    client.close();
  });

  it('closes with 1009 only above four times the limit', async () => {
    const client = await connectWebSocket(url());
    client.send('x'.repeat(4 * MAX + 1));
    const { code } = await client.closed;
    assert.equal(code, 1009);
  });

  it('emits vite:client:connect and vite:client:disconnect with one stable client per connection', async () => {
    const before = connectionEvents.length;
    const client = await connectWebSocket(url());
    await client.queue.next(isType('connected'));
    client.close();
    await client.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const events = connectionEvents.slice(before);
    const ours = events.find(([kind]) => kind === 'connect')[1];
    // The same client object for both events (an earlier test's late disconnect is filtered out).
    assert.deepEqual(events.filter(([, client]) => client === ours).map(([kind]) => kind), ['connect', 'disconnect']);
    assert.equal(typeof ours.send, 'function');
  });

  it("leaves Vite's own HMR socket alone", async () => {
    const ws = new WebSocket(app.urls.http.replace(/^http/, 'ws').replace('/@runner-extensible/http', '/'), 'vite-hmr');
    const first = await new Promise((resolve, reject) => {
      ws.on('message', (data) => resolve(JSON.parse(data.toString())));
      ws.on('error', reject);
    });
    assert.equal(first.type, 'connected');
    ws.close();
  });

  it("serves Vite's own ModuleRunner (createWebSocketModuleRunnerTransport), HMR included", async () => {
    const runner = new ModuleRunner(
      {
        transport: createWebSocketModuleRunnerTransport({ createConnection: () => new WebSocket(url()) }),
        hmr: { logger: false },
      },
      new ESModulesEvaluator(),
    );
    globalThis.__rxFixtureLog = [];
    const main = await runner.import('/src/main.ts');
    assert.equal(main.sum, 3);
    assert.equal(main.bSawA, 'a not evaluated yet');
    assert.deepEqual(await main.loadDynamic(), ['lazy (relative literal)', 'root (root-relative literal)', 'computed (runtime specifier)']);
    await runner.import('/src/hmr/main.ts');
    app.edit('src/hmr/child.ts', "'child v1'", "'child v2'");
    const deadline = Date.now() + 5000;
    while (!globalThis.__rxFixtureLog.includes('parent:accept-child:child v2') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(globalThis.__rxFixtureLog.includes('parent:accept-child:child v2'), JSON.stringify(globalThis.__rxFixtureLog));
    await runner.close();
  });
});
