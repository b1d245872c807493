import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hub } from '../lib/hub.js';
import { invokePayload } from './helpers/server.js';

/** A DevEnvironment stand-in: Vite's pluginContainer getter throws until init() has run. */
function environmentBeforeInit() {
  let initialized = false;
  const handled = [];
  return {
    handled,
    init: () => {
      initialized = true;
    },
    get pluginContainer() {
      if (!initialized) throw new Error('dotnet environment.pluginContainer called before initialized');
      return {};
    },
    hot: { handleInvoke: async (payload) => (handled.push(payload.data.name), { result: 'answered' }) },
  };
}

describe('hub', () => {
  it('answers ERR_ENVIRONMENT_NOT_READY while a restarted environment is not initialized, and serves it afterwards', async () => {
    const hub = new Hub({ maxPayloadBytes: 1024 * 1024, skipFsCheck: false });
    const environment = environmentBeforeInit();
    hub.createChannel().environment = environment;

    await assert.rejects(hub.invoke(invokePayload('fetchModule', ['/src/a.ts'])), (error) => {
      assert.equal(error.code, 'ERR_ENVIRONMENT_NOT_READY');
      return true;
    });
    const sent = [];
    const connection = hub.open('websocket', (payload) => sent.push(payload));
    hub.route(connection, invokePayload('fetchModule', ['/src/a.ts'], 'send:1'));
    assert.equal(sent.at(-1).data.data.error.code, 'ERR_ENVIRONMENT_NOT_READY');
    assert.deepEqual(environment.handled, []);

    environment.init();
    assert.deepEqual(await hub.invoke(invokePayload('fetchModule', ['/src/a.ts'])), { result: 'answered' });
    assert.deepEqual(environment.handled, ['fetchModule']);
  });
});
