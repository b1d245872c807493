// Diagnostics for the side-by-side benchmark: how long the .NET client takes to evaluate a held module again (no round
// trip: its graph node is invalidated, its code is held) when its threads are busy, and when they have been idle for
// a moment first, as they are when an HMR update arrives. The difference is the cost of waking the engine's thread and
// the thread pool, which a single-threaded Node runner does not pay.
//
//   node benchmarks/side-by-side/idle-wakeup.mjs [--idle-ms 250]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { runnerExtensible } from '../../src/vite-plugin-runner-extensible/index.js';
import { generateGraph } from './generate-graph.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { 'idle-ms': { type: 'string', default: '250' } } });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-idle-wakeup-'));
generateGraph(root, { modules: 200 });
const token = 't'.repeat(43);
const plugin = runnerExtensible({ token, connectionFile: false });
const server = await createServer({
  root, configFile: false, logLevel: 'warn', clearScreen: false, plugins: [plugin],
  optimizeDeps: { noDiscovery: true, include: [] }, server: { host: '127.0.0.1', port: 0 },
});
await server.listen();

const client = spawn('dotnet', [path.join(here, '../Runner.Extensible.SideBySide/bin/Release/net10.0/Runner.Extensible.SideBySide.dll')], { stdio: ['pipe', 'pipe', 'inherit'] });
const waiting = [];
createInterface({ input: client.stdout }).on('line', (line) => line.startsWith('{') && waiting.shift()(JSON.parse(line)));
const request = (command) => new Promise((resolve) => {
  waiting.push(resolve);
  client.stdin.write(JSON.stringify(command) + '\n');
});

await request({ cmd: 'start', websocket: plugin.api.urls.websocket, token, entry: '/src/main.ts' });
await request({ cmd: 'cold' });
const url = '/src/hmr/leaf.ts';
const busy = await request({ cmd: 'reevaluate', url, count: 200 });
const idle = await request({ cmd: 'reevaluate', url, count: 30, idleMs: Number(args['idle-ms']) });
const format = (r) => `p10 ${r.p10.toFixed(3)} ms, median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms`;
process.stdout.write(`evaluate ${url} again, back to back:        ${format(busy)}\n`);
process.stdout.write(`evaluate ${url} again, after ${args['idle-ms']} ms idle: ${format(idle)}\n`);
await request({ cmd: 'close' });
await server.close();
fs.rmSync(root, { recursive: true, force: true });
process.exit(0);
