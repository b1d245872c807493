import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModuleRunner, ESModulesEvaluator } from 'vite/module-runner';
import { openEventStream, post } from './helpers/clients.js';
import { isEvent, isResponse, isType } from './helpers/message-queue.js';
import { TOKEN, fetchModuleArgs, invokePayload, startServer } from './helpers/server.js';

const MAX = 64 * 1024;
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('HTTP transport', () => {
  let app;
  const endpoint = (name, query = '') => `${app.urls.http}/${name}${query}`;
  const stream = () => openEventStream(endpoint('events'), { headers: auth });
  const sendTo = (connectionId, payload) => post(endpoint('send'), payload, { ...auth, 'X-Runner-Extensible-Connection': connectionId });

  before(async () => {
    app = await startServer({ maxPayloadBytes: MAX, heartbeatMs: 200 });
  });
  after(() => app.close());

  it('answers POST /invoke with {result} exactly as handleInvoke', async () => {
    const { status, headers, body } = await post(endpoint('invoke'), invokePayload('fetchModule', fetchModuleArgs('/src/math.ts')), auth);
    assert.equal(status, 200);
    assert.match(headers.get('content-type'), /^application\/json/);
    assert.equal(body.result.url, '/src/math.ts');
    const expected = await app.environment.hot.handleInvoke(invokePayload('fetchModule', fetchModuleArgs('/src/math.ts', true)));
    const cached = await post(endpoint('invoke'), invokePayload('fetchModule', fetchModuleArgs('/src/math.ts', true)), auth);
    assert.deepEqual(cached.body, expected);
    assert.deepEqual(cached.body, { result: { cache: true } });
  });

  it('answers a failing method with status 200 and {error}', async () => {
    const { status, body } = await post(endpoint('invoke'), invokePayload('fetchModule', fetchModuleArgs('/src/nope.ts')), auth);
    assert.equal(status, 200);
    assert.equal(body.error.code, 'ERR_LOAD_URL');
    assert.match(body.error.message, /Failed to load url \/src\/nope\.ts/);
  });

  it('accepts the token as a query parameter and refuses a wrong or missing one with 401', async () => {
    const ok = await post(endpoint('invoke', `?token=${TOKEN}`), invokePayload('getBuiltins', []));
    assert.equal(ok.status, 200);
    const wrong = await post(endpoint('invoke'), invokePayload('getBuiltins', []), { Authorization: 'Bearer wrong' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer realm="runner-extensible"');
    assert.equal(wrong.body.error.code, 'ERR_UNAUTHORIZED');
    const missing = await post(endpoint('invoke'), invokePayload('getBuiltins', []));
    assert.equal(missing.status, 401);
    const refusedStream = await openEventStream(endpoint('events', '?token=wrong')).then(() => null, (e) => e);
    assert.equal(refusedStream.status, 401);
  });

  it('refuses a foreign Origin with 403', async () => {
    const { status, body } = await post(endpoint('invoke'), invokePayload('getBuiltins', []), { ...auth, Origin: 'http://evil.example' });
    assert.equal(status, 403);
    assert.equal(body.error.code, 'ERR_FORBIDDEN_ORIGIN');
  });

  it('reports wrong paths, methods, bodies and sizes with transport error codes', async () => {
    const notFound = await post(endpoint('nope'), {}, auth);
    assert.deepEqual([notFound.status, notFound.body.error.code], [404, 'ERR_NOT_FOUND']);
    const wrongMethod = await fetch(endpoint('invoke'), { headers: auth });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    const malformed = await post(endpoint('invoke'), 'not json', auth);
    assert.deepEqual([malformed.status, malformed.body.error.code], [400, 'ERR_MALFORMED_PAYLOAD']);
    const notInvoke = await post(endpoint('invoke'), { type: 'custom', event: 'x' }, auth);
    assert.equal(notInvoke.status, 400);
    const tooLarge = await post(endpoint('invoke'), invokePayload('fetchModule', ['x'.repeat(MAX)]), auth);
    assert.deepEqual([tooLarge.status, tooLarge.body.error.code], [413, 'ERR_PAYLOAD_TOO_LARGE']);
    const unknown = await sendTo('no-such-connection', { type: 'custom', event: 'x:hello', data: {} });
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'ERR_UNKNOWN_CONNECTION']);
  });

  it('opens an event stream that names the connection, greets and keeps alive', async () => {
    const events = await stream();
    assert.match(events.connectionId, /^[0-9a-f-]{36}$/);
    assert.equal(events.first.protocol, 1);
    assert.match(events.response.headers['content-type'], /^text\/event-stream/);
    await events.queue.next(isType('connected'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.ok(events.comments.includes(': keep-alive'));
    events.close();
  });

  it('pushes an HMR update on the event stream after an edit', async () => {
    const events = await stream();
    await post(endpoint('invoke'), invokePayload('fetchModule', fetchModuleArgs('/src/hmr/self.ts')), auth);
    app.edit('src/hmr/self.ts', "'self v1'", "'self v2'");
    const update = await events.queue.next(isType('update'));
    assert.equal(update.updates[0].path, '/src/hmr/self.ts');
    events.close();
  });

  it('carries custom events both ways (POST /send, replies on the stream)', async () => {
    const events = await stream();
    const sent = await sendTo(events.connectionId, { type: 'custom', event: 'x:hello', data: { n: 1 } });
    assert.equal(sent.status, 204);
    assert.deepEqual((await events.queue.next(isEvent('x:hello-reply'))).data, { echoed: { n: 1 }, environment: 'dotnet' });
    app.environment.hot.send('x:ping', { n: 2 });
    assert.deepEqual((await events.queue.next(isEvent('x:ping'))).data, { n: 2 });
    events.close();
  });

  it('answers a vite:invoke sent with /send on the event stream', async () => {
    const events = await stream();
    await sendTo(events.connectionId, { type: 'custom', event: 'vite:invoke', data: { name: 'getBuiltins', id: 'send:s1', data: [] } });
    const response = await events.queue.next(isResponse('response:s1'));
    assert.ok(Array.isArray(response.data.data.result));
    events.close();
  });

  it('drops malformed and oversized /send bodies and keeps the event stream', async () => {
    const events = await stream();
    const malformed = await sendTo(events.connectionId, 'garbage');
    assert.equal(malformed.status, 400);
    const noEvent = await sendTo(events.connectionId, { type: 'custom' });
    assert.equal(noEvent.status, 400);
    const tooLarge = await sendTo(events.connectionId, { type: 'custom', event: 'x:hello', data: 'x'.repeat(MAX) });
    assert.equal(tooLarge.status, 413);
    const ok = await sendTo(events.connectionId, { type: 'custom', event: 'x:hello', data: { n: 3 } });
    assert.equal(ok.status, 204);
    assert.deepEqual((await events.queue.next(isEvent('x:hello-reply'))).data.echoed, { n: 3 });
    events.close();
  });

  it("serves Vite's own ModuleRunner through an invoke-only transport", async () => {
    const runner = new ModuleRunner(
      {
        transport: {
          invoke: async (payload) => (await post(endpoint('invoke'), payload, auth)).body,
        },
        hmr: false,
      },
      new ESModulesEvaluator(),
    );
    const main = await runner.import('/src/main.ts');
    assert.equal(main.product, 12);
    assert.equal(main.readBLater(), 'a');
    await runner.close();
  });
});
