// The side-by-side benchmark's client for Vite's own ModuleRunner (vite/module-runner, ESModulesEvaluator) over
// createWebSocketModuleRunnerTransport on the `ws` package, pointed at vite-plugin-runner-extensible's endpoint.
// Speaks the same line protocol as the .NET client (Runner.Extensible.SideBySide); see side-by-side.mjs.
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { ESModulesEvaluator, ModuleRunner, createWebSocketModuleRunnerTransport } from 'vite/module-runner';
import WebSocket from 'ws';

// stdout carries the replies only; Vite's HMR logger ("[vite] connected.") and everything else go to stderr.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);
const reply = (value) => writeStdout(JSON.stringify(value) + '\n');
const invokes = new Map();
let runner;
let entry;

function takeInvokes() {
  const counts = Object.fromEntries(invokes);
  invokes.clear();
  return counts;
}

function connect(url) {
  const socket = new WebSocket(url);
  // Count the invoke requests this runner puts on the wire, by method.
  const send = socket.send.bind(socket);
  socket.send = (data, ...rest) => {
    const text = typeof data === 'string' ? data : data.toString();
    if (text.includes('"vite:invoke"')) {
      const name = JSON.parse(text).data?.name ?? '?';
      invokes.set(name, (invokes.get(name) ?? 0) + 1);
    }
    return send(data, ...rest);
  };
  return socket;
}

/**
 * Saves as editors that write atomically do: a sibling temporary file renamed over the original. A plain write
 * truncates first, and Vite's watcher can fire (and read an empty module) before the content lands.
 */
function saveAtomically(file, content) {
  const temporary = `${file}.rx-tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** Resolves with the next value a hook on globalThis is called with, and when (taken in the callback itself). */
function nextCall(hook) {
  return new Promise((resolve) => {
    globalThis[hook] = (value) => {
      const at = performance.now();
      globalThis[hook] = undefined;
      resolve({ value, at });
    };
  });
}

const handlers = {
  async start({ websocket, token, entry: url }) {
    entry = url;
    runner = new ModuleRunner(
      { transport: createWebSocketModuleRunnerTransport({ createConnection: () => connect(`${websocket}?token=${encodeURIComponent(token)}`) }), sourcemapInterceptor: false },
      new ESModulesEvaluator(),
    );
    // Connected before the first import, as the .NET client is (its StartAsync), so cold imports compare imports only.
    await runner.transport.connect();
    return {};
  },
  async cold() {
    takeInvokes();
    const started = performance.now();
    const exports = await runner.import(entry);
    const ms = performance.now() - started;
    return { ms, invokes: takeInvokes(), modules: runner.evaluatedModules.idToModuleMap.size, checksum: exports.checksum };
  },
  async warm() {
    takeInvokes();
    const started = performance.now();
    runner.clearCache();
    const exports = await runner.import(entry);
    const ms = performance.now() - started;
    return { ms, invokes: takeInvokes(), checksum: exports.checksum };
  },
  async hmr({ file, content }) {
    const accepted = nextCall('__rxAccepted');
    takeInvokes();
    const started = performance.now();
    saveAtomically(file, content);
    const { value, at } = await accepted;
    return { ms: at - started, invokes: takeInvokes(), value };
  },
  async fullReload({ file, content }) {
    const reloaded = nextCall('__rxEntryDone');
    takeInvokes();
    const started = performance.now();
    saveAtomically(file, content);
    const { value: checksum, at } = await reloaded;
    return { ms: at - started, invokes: takeInvokes(), checksum };
  },
  async close() {
    await runner.close();
    setImmediate(() => process.exit(0));
    return {};
  },
};

let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  queue = queue.then(async () => {
    try {
      reply({ ok: true, ...(await handlers[command.cmd](command)) });
    } catch (error) {
      reply({ ok: false, error: String(error?.stack ?? error) });
    }
  });
});
