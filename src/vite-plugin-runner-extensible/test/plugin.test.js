import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { version as viteVersion } from 'vite';
import { connectionFilePath, runnerExtensible } from '../index.js';
import { connectWebSocket, post } from './helpers/clients.js';
import { isResponse } from './helpers/message-queue.js';
import { TOKEN, fetchModuleArgs, invokePayload, startServer } from './helpers/server.js';

describe('plugin', () => {
  it('writes the connection file while the server listens and removes it on close', async () => {
    const app = await startServer();
    const file = connectionFilePath(app.fixture.root, 'dotnet');
    try {
      const content = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual(content, {
        protocol: 1,
        environment: 'dotnet',
        viteVersion,
        pid: process.pid,
        root: app.fixture.root,
        token: TOKEN,
        websocket: app.urls.websocket,
        http: app.urls.http,
      });
      assert.match(content.websocket, /^ws:\/\/127\.0\.0\.1:\d+\/@runner-extensible\/ws$/);
      assert.match(content.http, /^http:\/\/127\.0\.0\.1:\d+\/@runner-extensible\/http$/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    } finally {
      await app.server.close();
    }
    assert.equal(existsSync(file), false);
    app.fixture.dispose();
  });

  it('closes runner sockets with 1012 on a Vite restart and serves again afterwards', async () => {
    const app = await startServer();
    try {
      const before = await connectWebSocket(`${app.urls.websocket}?token=${TOKEN}`);
      await app.server.restart();
      assert.deepEqual(await before.closed, { code: 1012, reason: 'Vite server restarting' });
      const after = await connectWebSocket(`${app.plugin.api.urls.websocket}?token=${TOKEN}`);
      after.send({ type: 'custom', event: 'vite:invoke', data: { name: 'fetchModule', id: 'send:r', data: fetchModuleArgs('/src/math.ts') } });
      const response = await after.queue.next(isResponse('response:r'));
      assert.equal(response.data.data.result.url, '/src/math.ts');
      after.close();
    } finally {
      await app.close();
    }
  });

  it('takes the token from RUNNER_EXTENSIBLE_TOKEN, else generates a random one', () => {
    const saved = process.env.RUNNER_EXTENSIBLE_TOKEN;
    try {
      process.env.RUNNER_EXTENSIBLE_TOKEN = 'from-env';
      assert.equal(runnerExtensible().api.token, 'from-env');
      delete process.env.RUNNER_EXTENSIBLE_TOKEN;
      const a = runnerExtensible().api.token;
      const b = runnerExtensible().api.token;
      assert.match(a, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(a, b);
    } finally {
      if (saved === undefined) delete process.env.RUNNER_EXTENSIBLE_TOKEN;
      else process.env.RUNNER_EXTENSIBLE_TOKEN = saved;
    }
  });

  it('rejects invalid options with messages that name the option', () => {
    assert.throws(() => runnerExtensible({ websocket: { path: 'ws' } }), /options\.websocket\.path must start with "\/"/);
    assert.throws(() => runnerExtensible({ environment: 'a b' }), /options\.environment/);
    assert.throws(() => runnerExtensible({ token: '' }), /token/);
    assert.throws(() => runnerExtensible({ maxPayloadBytes: 10 }), /maxPayloadBytes/);
  });

  it('with Node APIs keeps Vite\'s server defaults: builtins and packages external', async () => {
    const app = await startServer();
    try {
      const { resolve } = app.environment.config;
      assert.deepEqual(resolve.noExternal, []);
      assert.ok(resolve.builtins.includes('fs'));
      assert.deepEqual(resolve.conditions, ['module', 'node', 'development|production']);
      const external = await post(`${app.urls.http}/invoke`, invokePayload('fetchModule', ['esm-pkg', app.fixture.root + '/src/externals.ts', { cached: false }]), { Authorization: `Bearer ${TOKEN}` });
      assert.deepEqual(external.body.result, { externalize: `file://${app.fixture.root}/node_modules/esm-pkg/index.js`, type: 'module' });
    } finally {
      await app.close();
    }
  });

  it('without Node APIs transforms every dependency and has no builtins', async () => {
    const app = await startServer({ nodeApis: false });
    try {
      const { resolve } = app.environment.config;
      assert.equal(resolve.noExternal, true);
      assert.deepEqual(resolve.builtins, []);
      assert.deepEqual(resolve.conditions, ['module', 'development|production']);
      const answer = await app.environment.hot.handleInvoke(invokePayload('fetchModule', fetchModuleArgs('/src/externals.ts')));
      assert.match(answer.result.code, /__vite_ssr_import__\("\/node_modules\/esm-pkg\/index\.js"/);
    } finally {
      await app.close();
    }
  });

  it('leaves resolve options the user set for the environment alone', async () => {
    const app = await startServer(
      { nodeApis: false, environment: 'clr' },
      { environments: { clr: { resolve: { conditions: ['custom'], builtins: ['my:builtin'] } } } },
    );
    try {
      const { resolve } = app.environment.config;
      assert.equal(app.environment.name, 'clr');
      assert.equal(resolve.noExternal, true);
      assert.deepEqual(resolve.builtins, ['my:builtin']);
      assert.deepEqual(resolve.conditions, ['custom']);
    } finally {
      await app.close();
    }
  });
});
