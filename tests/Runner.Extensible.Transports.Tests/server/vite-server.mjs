// Starts a real Vite 8 dev server with vite-plugin-runner-extensible for the .NET transport tests.
//
//   node vite-server.mjs --root <app copy> --token <token> [--port <n>] [--heartbeat-ms <n>]
//
// Listens on 127.0.0.1 (port 0 = any free port), then prints one line
//   RX-READY {"port":…,"websocket":…,"http":…,"pid":…}
// on stdout. Vite's own output goes to stderr. Reads commands from stdin, one JSON object per line:
//   {"cmd":"broadcast","payload":<HotPayload>}   environment.hot.send(payload) to every runner
//   {"cmd":"restart"}                            server.restart() (what a config change does); prints RX-RESTARTED
// and closes Vite and exits when stdin ends, so a crashed test run leaves no server behind.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { runnerExtensible } from '../../../src/vite-plugin-runner-extensible/index.js';

const { values: args } = parseArgs({
  options: {
    root: { type: 'string' },
    token: { type: 'string' },
    port: { type: 'string', default: '0' },
    'heartbeat-ms': { type: 'string', default: '30000' },
  },
});

// Vite logs info through console.log; stdout is kept for the ready line.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

// A module whose transform never finishes in time: a call for it is "in flight" while the test kills the server.
const slowModule = {
  name: 'transport-tests-slow-module',
  resolveId(id) {
    return id === 'virtual:slow' ? '\0virtual:slow' : undefined;
  },
  async load(id) {
    if (id !== '\0virtual:slow') return undefined;
    await new Promise((resolve) => setTimeout(resolve, 120_000).unref());
    return 'export default "slow"';
  },
};

const plugin = runnerExtensible({ token: args.token, heartbeatMs: Number(args['heartbeat-ms']) });
const port = Number(args.port);
const server = await createServer({
  root: args.root,
  configFile: path.join(args.root, 'vite.config.ts'),
  configLoader: 'runner',
  logLevel: 'warn',
  clearScreen: false,
  plugins: [plugin, slowModule],
  optimizeDeps: { noDiscovery: true, include: [] },
  server: { host: '127.0.0.1', port, strictPort: port !== 0 },
});
await server.listen();
const environment = () => server.environments[plugin.api.environmentName];

writeStdout(
  'RX-READY ' +
    JSON.stringify({ port: server.httpServer.address().port, websocket: plugin.api.urls.websocket, http: plugin.api.urls.http, pid: process.pid }) +
    '\n',
);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  if (command.cmd === 'broadcast') environment().hot.send(command.payload);
  else if (command.cmd === 'restart') server.restart().then(() => writeStdout('RX-RESTARTED\n'));
  else process.stderr.write(`vite-server.mjs: unknown command ${line}\n`);
});
commands.on('close', close);
process.on('SIGTERM', close);
