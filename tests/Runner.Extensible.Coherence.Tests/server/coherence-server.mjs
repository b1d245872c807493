// A real Vite 8 dev server with vite-plugin-runner-extensible for the coherence tests, plus Vite's own module
// runner (the reference the .NET runner is compared with), connected to the same plugin endpoint over WebSocket.
//
//   node coherence-server.mjs --root <app> --token <token>
//
// Prints on stdout (everything else goes to stderr):
//   RX-READY {"websocket":…,"http":…}       once listening
//   RX-HMR <payload>                        whenever the environment sends an update or full-reload (i.e. Vite has
//                                           processed a file change and invalidated its modules)
//   RX-RESULT {"ok":true,"value":…}         answer to a command
// Commands on stdin, one JSON object per line:
//   {"cmd":"import","url":…,"call":"snapshot"}  Vite's runner imports url and calls the named export (if given)
// Ends when stdin ends.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { ESModulesEvaluator, ModuleRunner, createWebSocketModuleRunnerTransport } from 'vite/module-runner';
import WebSocket from 'ws';
import { runnerExtensible } from '../../../src/vite-plugin-runner-extensible/index.js';

const { values: args } = parseArgs({ options: { root: { type: 'string' }, token: { type: 'string' } } });

const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

// "virtual:sync-<n>": a module no runner holds, so importing it is a round trip whose answer follows every
// notice the server sent before it.
const syncModules = {
  name: 'coherence-tests-sync',
  resolveId: (id) => (id.startsWith('virtual:sync-') ? '\0' + id : undefined),
  load: (id) => (id.startsWith('\0virtual:sync-') ? 'export default 1' : undefined),
};

const plugin = runnerExtensible({ token: args.token, connectionFile: false });
const server = await createServer({
  root: args.root,
  configFile: false,
  logLevel: 'warn',
  clearScreen: false,
  plugins: [plugin, syncModules],
  optimizeDeps: { noDiscovery: true, include: [] },
  server: { host: '127.0.0.1', port: 0 },
});
await server.listen();

const environment = server.environments[plugin.api.environmentName];
const send = environment.hot.send.bind(environment.hot);
environment.hot.send = (...payload) => {
  const first = payload[0];
  if (first && (first.type === 'update' || first.type === 'full-reload')) writeStdout('RX-HMR ' + JSON.stringify(first) + '\n');
  return send(...payload);
};

const url = `${plugin.api.urls.websocket}?token=${encodeURIComponent(args.token)}`;
const viteRunner = new ModuleRunner(
  {
    transport: createWebSocketModuleRunnerTransport({ createConnection: () => new WebSocket(url) }),
    hmr: false,
    sourcemapInterceptor: false,
  },
  new ESModulesEvaluator(),
);

writeStdout('RX-READY ' + JSON.stringify({ websocket: plugin.api.urls.websocket, http: plugin.api.urls.http }) + '\n');

let queue = Promise.resolve();
const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(() => run(JSON.parse(line)));
});
commands.on('close', async () => {
  await queue;
  await viteRunner.close();
  await server.close();
  process.exit(0);
});

async function run(command) {
  try {
    if (command.cmd !== 'import') throw new Error(`unknown command ${command.cmd}`);
    const exports = await viteRunner.import(command.url);
    const value = command.call ? await exports[command.call]() : null;
    writeStdout('RX-RESULT ' + JSON.stringify({ ok: true, value }) + '\n');
  } catch (error) {
    writeStdout('RX-RESULT ' + JSON.stringify({ ok: false, error: String(error?.stack ?? error) }) + '\n');
  }
}
