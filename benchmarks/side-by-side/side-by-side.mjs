// Side by side, in one run on one Vite 8 server: Vite's own ModuleRunner (vite/module-runner over the `ws` package)
// and Runner.Extensible (.NET, V8 evaluator, WebSocket transport), both connected to vite-plugin-runner-extensible's
// WebSocket endpoint with the server's token. Started by run.sh, which builds the .NET client first.
//
//   node benchmarks/side-by-side/side-by-side.mjs [--modules 1000] [--reps 5] [--warm 5] [--hmr 8] [--full-reload 3]
//                                                 [--seed 20261120] [--out file.json] [--dotnet-client <dll>]
//                                                 [--ours-vite-compatible] [--vite-client-node <node>] [--only vite|ours]
//
// Each repetition runs one session per runner (the order alternates), one runner connected at a time so neither
// pays for the other's HMR work: start (connect; .NET also starts its engine), cold import of the entry, `--warm`
// warm re-executions (clear the cache, import again), `--hmr` HMR updates (write src/hmr/leaf.ts, time until
// src/hmr/parent.ts's accept callback runs in the runner), `--full-reload` full reloads (write a module no one
// accepts, time until the entry has run again). Every edit is undone after the session, so every session starts
// from the same files (its cold checksum is compared). Invoke requests are counted by each client on the wire.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { runnerExtensible } from '../../src/vite-plugin-runner-extensible/index.js';
import { generateGraph, hmrLeaf } from './generate-graph.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const { values: args } = parseArgs({
  options: {
    modules: { type: 'string', default: '1000' },
    reps: { type: 'string', default: '5' },
    warm: { type: 'string', default: '5' },
    hmr: { type: 'string', default: '8' },
    'full-reload': { type: 'string', default: '3' },
    seed: { type: 'string', default: '20261120' },
    out: { type: 'string' },
    'dotnet-client': { type: 'string', default: path.join(repo, 'benchmarks/Runner.Extensible.SideBySide/bin/Release/net10.0/Runner.Extensible.SideBySide.dll') },
    'ours-vite-compatible': { type: 'boolean', default: false },
    // Runs Vite's client under another node binary (e.g. Debian's Node 18, the engine ours embeds); see RESULTS.md.
    'vite-client-node': { type: 'string' },
    // For profiling one side: skips the other runner and the comparison.
    only: { type: 'string' },
  },
});
const settings = {
  modules: Number(args.modules),
  reps: Number(args.reps),
  warm: Number(args.warm),
  hmr: Number(args.hmr),
  fullReload: Number(args['full-reload']),
  seed: Number(args.seed),
};
const log = (...parts) => process.stderr.write(parts.join(' ') + '\n');

// ---- the app and the server -------------------------------------------------------------------------------------
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-side-by-side-'));
const graph = generateGraph(root, { modules: settings.modules, seed: settings.seed });
const originalLeaf = fs.readFileSync(graph.hmrLeaf, 'utf8');
log(`generated ${graph.files} modules in ${root}`);

const token = randomBytes(32).toString('base64url');
const plugin = runnerExtensible({ token, connectionFile: false });
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'warn',
  clearScreen: false,
  plugins: [plugin],
  optimizeDeps: { noDiscovery: true, include: [] },
  server: { host: '127.0.0.1', port: 0 },
});
await server.listen();
const websocket = plugin.api.urls.websocket;
if (process.env.RX_BENCH_DEBUG) {
  const environment = server.environments[plugin.api.environmentName];
  const send = environment.hot.send.bind(environment.hot);
  environment.hot.send = (...payload) => {
    log(`[server] ${JSON.stringify(payload[0]).slice(0, 200)}`);
    return send(...payload);
  };
  server.watcher.on('change', (file) => log(`[watcher] change ${file}`));
  for (const [name, handler] of plugin.api.hub.extensions) {
    plugin.api.hub.extensions.set(name, async (...call) => {
      const started = performance.now();
      try {
        return await handler(...call);
      } finally {
        log(`[server] ${name} ${JSON.stringify(call[0]).slice(0, 120)} took ${(performance.now() - started).toFixed(2)} ms`);
      }
    });
  }
  const invoke = environment.hot.handleInvoke?.bind(environment.hot);
}
log(`Vite ${(await import('vite')).version} listening; runner endpoint ${websocket}`);

/** Writes a file and waits until Vite's watcher reported it (writing again if a fresh watcher missed it). */
async function writeAndWaitForWatcher(file, text) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const seen = new Promise((resolve) => {
      const onChange = (changed) => {
        if (path.resolve(changed) !== path.resolve(file)) return;
        server.watcher.off('change', onChange);
        resolve(true);
      };
      server.watcher.on('change', onChange);
      setTimeout(() => {
        server.watcher.off('change', onChange);
        resolve(false);
      }, 2000);
    });
    const temporary = `${file}.rx-tmp`; // saved atomically, as the clients save (a plain write truncates first)
    fs.writeFileSync(temporary, text + (attempt ? `\n// rewrite ${attempt}\n` : ''));
    fs.renameSync(temporary, file);
    if (await seen) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // let Vite finish handling the change
      return;
    }
  }
  throw new Error(`Vite's watcher never reported ${file}`);
}

// ---- clients ----------------------------------------------------------------------------------------------------
const runners = {
  vite: {
    label: `Vite's ModuleRunner (Node${args['vite-client-node'] ? ` at ${args['vite-client-node']}` : ''})`,
    command: args['vite-client-node'] ?? process.execPath,
    args: [path.join(here, 'vite-client.mjs')],
  },
  ours: {
    label: `Runner.Extensible (.NET, V8${args['ours-vite-compatible'] ? ', Vite-compatible fetching' : ''})`,
    command: 'dotnet',
    args: [args['dotnet-client'], ...(args['ours-vite-compatible'] ? ['--vite-compatible'] : [])],
  },
};

function startClient(kind) {
  const spec = runners[kind];
  const child = spawn(spec.command, spec.args, { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => {
    if (line.startsWith('{')) waiting.shift()?.(line);
    else log(`[${kind} client] ${line}`);
  });
  const request = (command) =>
    new Promise((resolve, reject) => {
      waiting.push((line) => {
        const reply = JSON.parse(line);
        if (reply.ok) resolve(reply);
        else reject(new Error(`${kind} client failed ${command.cmd}: ${reply.error}`));
      });
      child.stdin.write(JSON.stringify(command) + '\n');
    });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { request, exited };
}

const samples = { vite: [], ours: [] };
let hmrValue = 1;
const mismatches = [];
let fullReloadEdit = 0;

// Vite's watcher (chokidar) drops a second change of a file within 50 ms of the first; edits are spaced out (the
// pause is not timed: a measurement starts when the client writes the file).
const settle = () => new Promise((resolve) => setTimeout(resolve, Number(process.env.RX_SETTLE_MS ?? 250)));

async function session(kind, rep) {
  const client = startClient(kind);
  const sample = { rep, warm: [], hmr: [], fullReload: [] };
  await client.request({ cmd: 'start', websocket, token, entry: graph.entry });
  sample.cold = await client.request({ cmd: 'cold' });
  for (let i = 0; i < settings.warm; i++) sample.warm.push(await client.request({ cmd: 'warm' }));
  for (let i = 0; i < settings.hmr; i++) {
    const value = 1000 + hmrValue++;
    await settle();
    const reply = await client.request({ cmd: 'hmr', file: graph.hmrLeaf, content: hmrLeaf(value) });
    if (reply.value !== value) {
      // Reported (and failing the run) at the end, after the client has closed and flushed its logs.
      mismatches.push(`rep ${rep} ${kind} HMR update ${i + 1}: the accept callback saw ${reply.value}, expected ${value}`);
      log(`MISMATCH: ${mismatches.at(-1)}`);
    }
    sample.hmr.push(reply);
  }
  for (let i = 0; i < settings.fullReload; i++) {
    const content = graph.fullReloadSource + `\n// full reload ${++fullReloadEdit}\n`;
    await settle();
    sample.fullReload.push(await client.request({ cmd: 'fullReload', file: graph.fullReloadModule, content }));
  }
  await client.request({ cmd: 'close' });
  await client.exited;
  // Every session starts from the same files.
  await settle();
  await writeAndWaitForWatcher(graph.hmrLeaf, originalLeaf);
  await settle();
  await writeAndWaitForWatcher(graph.fullReloadModule, graph.fullReloadSource);
  return sample;
}

// Vite's watcher may still be scanning the fresh folder: make sure it reports changes before anything is timed.
await writeAndWaitForWatcher(graph.hmrLeaf, originalLeaf);
log('warm-up session (transforms every module once on the server; not counted)');
await session(args.only ?? 'vite', 0);

for (let rep = 1; rep <= settings.reps; rep++) {
  const order = args.only ? [args.only] : rep % 2 ? ['vite', 'ours'] : ['ours', 'vite'];
  for (const kind of order) {
    const sample = await session(kind, rep);
    samples[kind].push(sample);
    log(`rep ${rep} ${kind}: cold ${sample.cold.ms.toFixed(1)} ms, warm ${sample.warm.map((w) => w.ms.toFixed(1)).join('/')} ms, ` +
      `hmr ${sample.hmr.map((h) => h.ms.toFixed(1)).join('/')} ms, full reload ${sample.fullReload.map((f) => f.ms.toFixed(1)).join('/')} ms`);
  }
}
await server.close();
fs.rmSync(root, { recursive: true, force: true });
if (args.only) process.exit(mismatches.length ? 1 : 0);

// ---- results ----------------------------------------------------------------------------------------------------
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fetches = (invokes) => (invokes.fetchModule ?? 0) + (invokes['runnerExtensible:fetchModules'] ?? 0);
const all = (invokes) => Object.values(invokes).reduce((a, b) => a + b, 0);

function summarize(kind) {
  const list = samples[kind];
  const cold = list.map((s) => s.cold);
  const modules = median(cold.map((c) => c.modules));
  return {
    coldMs: median(cold.map((c) => c.ms)),
    warmMs: median(list.flatMap((s) => s.warm.map((w) => w.ms))),
    hmrMs: median(list.flatMap((s) => s.hmr.map((h) => h.ms))),
    hmrFirstMs: median(list.map((s) => s.hmr[0]?.ms ?? NaN)),
    hmrLaterMs: median(list.flatMap((s) => s.hmr.slice(1).map((h) => h.ms))),
    fullReloadMs: median(list.flatMap((s) => s.fullReload.map((f) => f.ms))),
    modules,
    coldFetchRoundTrips: median(cold.map((c) => fetches(c.invokes))),
    coldInvokeMessages: median(cold.map((c) => all(c.invokes))),
    roundTripsPerModule: median(cold.map((c) => fetches(c.invokes) / c.modules)),
    warmFetchRoundTrips: median(list.flatMap((s) => s.warm.map((w) => fetches(w.invokes)))),
    hmrFetchRoundTrips: median(list.flatMap((s) => s.hmr.map((h) => fetches(h.invokes)))),
    fullReloadFetchRoundTrips: median(list.flatMap((s) => s.fullReload.map((f) => fetches(f.invokes)))),
    coldChecksums: [...new Set(cold.map((c) => c.checksum))],
    coldInvokes: cold[0].invokes,
  };
}
const vite = summarize('vite');
const ours = summarize('ours');
const checksums = new Set([...vite.coldChecksums, ...ours.coldChecksums]);
if (checksums.size !== 1) throw new Error(`the runners disagree on the entry's checksum: ${[...checksums].join(', ')}`);

const ratio = (a, b) => a / b;
const rows = [
  ['cold import (ms)', vite.coldMs, ours.coldMs, ratio(ours.coldMs, vite.coldMs), '≤ 0.9'],
  ['warm re-execution (ms)', vite.warmMs, ours.warmMs, ratio(ours.warmMs, vite.warmMs), '≤ 0.5'],
  ['HMR update, write → accept callback (ms)', vite.hmrMs, ours.hmrMs, ratio(ours.hmrMs, vite.hmrMs), '≤ 1.0'],
  ['full reload, write → entry ran again (ms)', vite.fullReloadMs, ours.fullReloadMs, ratio(ours.fullReloadMs, vite.fullReloadMs), '–'],
  ['fetch round trips per module (cold)', vite.roundTripsPerModule, ours.roundTripsPerModule, ratio(ours.roundTripsPerModule, vite.roundTripsPerModule), '≤ 1.05 per module'],
];
const targets = {
  cold: ratio(ours.coldMs, vite.coldMs) <= 0.9,
  warm: ratio(ours.warmMs, vite.warmMs) <= 0.5,
  hmr: ratio(ours.hmrMs, vite.hmrMs) <= 1.0,
  roundTrips: ours.roundTripsPerModule <= 1.05,
};
const format = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 3 : 1));
const table = [
  `| measure (median) | ${runners.vite.label} | ${runners.ours.label} | ours / Vite's | target |`,
  '|---|---:|---:|---:|---|',
  ...rows.map(([name, v, o, r, target]) => `| ${name} | ${format(v)} | ${format(o)} | **${r.toFixed(3)}** | ${target} |`),
].join('\n');
const details = [
  `modules evaluated by a cold import: Vite ${vite.modules}, ours ${ours.modules}`,
  `cold import invoke messages: Vite ${JSON.stringify(vite.coldInvokes)}, ours ${JSON.stringify(ours.coldInvokes)}`,
  `fetch round trips: warm Vite ${vite.warmFetchRoundTrips} / ours ${ours.warmFetchRoundTrips}; ` +
    `HMR Vite ${vite.hmrFetchRoundTrips} / ours ${ours.hmrFetchRoundTrips}; ` +
    `full reload Vite ${vite.fullReloadFetchRoundTrips} / ours ${ours.fullReloadFetchRoundTrips}`,
  `HMR, the first update of each client process: Vite ${vite.hmrFirstMs.toFixed(1)} ms, ours ${ours.hmrFirstMs.toFixed(1)} ms; ` +
    `the later ones: Vite ${vite.hmrLaterMs.toFixed(1)} ms, ours ${ours.hmrLaterMs.toFixed(1)} ms`,
  `targets met: ${Object.entries(targets).map(([name, met]) => `${name} ${met ? 'yes' : 'NO'}`).join(', ')}`,
].join('\n');
process.stdout.write(`${table}\n\n${details}\n`);
if (mismatches.length) {
  process.stdout.write(`\nMISMATCHES (the run is not valid):\n${mismatches.join('\n')}\n`);
  process.exitCode = 1;
}
if (args.out) {
  fs.writeFileSync(args.out, JSON.stringify({ settings, node: process.version, vite: (await import('vite')).version, samples, summary: { vite, ours }, targets }, null, 2) + '\n');
  log(`raw samples written to ${args.out}`);
}
