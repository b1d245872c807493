import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStdioHost } from './helpers/clients.js';
import { copyFixture, FIXTURE_ROOT } from './helpers/fixture.js';
import { isEvent, isResponse, isType } from './helpers/message-queue.js';
import { fetchModuleArgs } from './helpers/server.js';

const MAX = 64 * 1024;
const invoke = (id, name, args) => ({ type: 'custom', event: 'vite:invoke', data: { name, id, data: args } });

describe('stdio transport (bin/stdio-host.js)', () => {
  let fixture;
  let host;

  before(async () => {
    fixture = copyFixture();
    host = startStdioHost(fixture.root, ['--max-payload-bytes', String(MAX)]);
    await host.queue.next(isType('connected'), 20000, '{"type":"connected"}');
  });
  after(async () => {
    await host.stop();
    fixture.dispose();
  });

  it('writes {"type":"connected"} first and answers fetchModule', async () => {
    assert.equal(host.rawLines[0], '{"type":"connected"}');
    host.send(invoke('send:1', 'fetchModule', fetchModuleArgs('/src/math.ts')));
    const response = await host.queue.next(isResponse('response:1'));
    assert.equal(response.data.data.result.url, '/src/math.ts');
  });

  it('skips the server.fs check (the pipe is not reachable from the network)', async () => {
    const outside = '/@fs' + path.join(FIXTURE_ROOT, 'src/math.ts');
    host.send(invoke('send:fs', 'fetchModule', fetchModuleArgs(outside)));
    const response = await host.queue.next(isResponse('response:fs'));
    assert.ok(response.data.data.result?.code, JSON.stringify(response.data.data).slice(0, 300));
  });

  it('pushes an HMR update after an edit (Vite\'s file watcher)', async () => {
    host.send(invoke('send:h', 'fetchModule', fetchModuleArgs('/src/hmr/self.ts')));
    await host.queue.next(isResponse('response:h'));
    fixture.edit('src/hmr/self.ts', "'self v1'", "'self v2'");
    const update = await host.queue.next(isType('update'), 10000, 'an update');
    assert.equal(update.updates[0].path, '/src/hmr/self.ts');
  });

  it('carries custom events both ways', async () => {
    host.send({ type: 'custom', event: 'x:hello', data: { n: 1 } });
    const reply = await host.queue.next(isEvent('x:hello-reply'));
    assert.deepEqual(reply.data, { echoed: { n: 1 }, environment: 'dotnet' });
  });

  it('tells a subscribed runner that everything is stale when Vite restarts (config edit)', async () => {
    host.send(invoke('send:c1', 'runnerExtensible:fetchModules', [[{ url: '/src/math.ts' }], { startOffset: 3 }]));
    const first = await host.queue.next(isResponse('response:c1'));
    assert.equal(first.data.data.result.modules[0].url, '/src/math.ts');
    fixture.edit('vite.config.ts', "appType: 'custom',", "appType: 'custom', // edited");
    const notice = await host.queue.next(isEvent('runner-extensible:invalidate'), 15000, 'the all:true notice');
    assert.deepEqual(notice.data, { seq: 1, all: true });
    host.send(invoke('send:c2', 'runnerExtensible:fetchModules', [[{ url: '/src/math.ts', cached: true }], { startOffset: 3 }]));
    const second = await host.queue.next(isResponse('response:c2'));
    assert.equal(second.data.data.result.modules[0].result.invalidate, true, 'the new module graph re-transforms');
  });

  it('drops malformed and oversized lines and keeps going; stdout stays protocol-only', async () => {
    host.writeRaw('garbage\n\n[]\r\n');
    host.send(invoke('send:big', 'fetchModule', ['/src/math.ts', 'x'.repeat(MAX), {}]));
    const tooLarge = await host.queue.next(isResponse('response:big'));
    assert.equal(tooLarge.data.data.error.code, 'ERR_PAYLOAD_TOO_LARGE');
    host.writeRaw('y'.repeat(4 * MAX + 10) + '\n');
    host.writeRaw(JSON.stringify(invoke('send:crlf', 'fetchModule', fetchModuleArgs('/src/counter.ts'))) + '\r\n');
    const ok = await host.queue.next(isResponse('response:crlf'));
    assert.equal(ok.data.data.result.url, '/src/counter.ts');
    assert.match(host.stderr, /dropped a message from stdio connection [^:]+: message is not JSON/);
    assert.match(host.stderr, /message is not a JSON object/);
    assert.match(host.stderr, /line of \d+ bytes exceeds the limit/);
    // Every stdout line parsed as JSON (the reader throws otherwise).
    assert.ok(host.rawLines.every((line) => line.startsWith('{')));
  });
});

describe('stdio host lifecycle', () => {
  it('exits with 0 when stdin closes', async () => {
    const fixture = copyFixture();
    try {
      const host = startStdioHost(fixture.root);
      await host.queue.next(isType('connected'), 20000);
      assert.equal(await host.stop(), 0);
    } finally {
      fixture.dispose();
    }
  });

  it('exits with 2 and says how to install Vite when it cannot find it', async () => {
    // A copy of the package outside the repository, run on a root without node_modules.
    const packageDir = fileURLToPath(new URL('..', import.meta.url));
    const isolated = mkdtempSync(path.join(tmpdir(), 'rx-host-'));
    try {
      for (const entry of ['index.js', 'lib', 'bin', 'package.json']) {
        cpSync(path.join(packageDir, entry), path.join(isolated, 'pkg', entry), { recursive: true });
      }
      const { spawnSync } = await import('node:child_process');
      const result = spawnSync(process.execPath, [path.join(isolated, 'pkg/bin/stdio-host.js'), '--root', isolated], { encoding: 'utf8' });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /cannot find the "vite" package/);
      assert.match(result.stderr, /npm install --save-dev vite@8/);
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });
});
