// Starts a Vite 8 dev server with vite-plugin-runner-extensible, for the tests that run vite-dotnet with
// --transport ws or http against a server that is already running.
//
//   node dev-server.mjs --root <project copy>
//
// Listens on 127.0.0.1 (any free port), writes the plugin's connection file under <root>/node_modules/, then prints
//   RX-READY {"origin":…,"token":…}
// on stdout. Closes Vite and exits when stdin ends, so a crashed test run leaves no server behind.
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { runnerExtensible } from 'vite-plugin-runner-extensible';

const { values: args } = parseArgs({ options: { root: { type: 'string' } } });
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const plugin = runnerExtensible();
const server = await createServer({
  root: args.root,
  configFile: false,
  logLevel: 'warn',
  clearScreen: false,
  plugins: [plugin],
  optimizeDeps: { noDiscovery: true, include: [] },
  server: { host: '127.0.0.1', port: 0 },
});
await server.listen();
const origin = `http://127.0.0.1:${server.httpServer.address().port}`;
writeStdout(`RX-READY ${JSON.stringify({ origin, token: plugin.api.token })}\n`);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
}
process.stdin.on('end', close);
process.stdin.resume();
process.on('SIGTERM', close);
