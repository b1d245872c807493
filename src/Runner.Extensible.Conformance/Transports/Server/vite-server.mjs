// Starts a real Vite 8 dev server with vite-plugin-runner-extensible for the conformance kit's transport
// suite (Runner.Extensible.Conformance embeds this file and runs it with node).
//
//   node vite-server.mjs --root <app> --modules <folder whose node_modules has vite and the plugin>
//                        --token <token> [--port <n>]
//
// Listens on 127.0.0.1 (port 0: any free port) and prints one line on stdout:
//   RX-CONFORMANCE-READY {"port":…,"websocket":…,"http":…,"pid":…,"viteVersion":…}
// Everything Vite prints goes to stderr. Commands come on stdin, one JSON object per line, and each is
// answered on stdout by one line  RX-CONFORMANCE-DONE {"seq":<seq>,…}  once done:
//   {"seq":1,"cmd":"broadcast","payload":<HotPayload>}  environment.hot.send(payload) to every runner
//   {"seq":2,"cmd":"broadcast-many","payloads":[…]}  the payloads in one burst, in order
//   {"seq":3,"cmd":"edit","file":"src/math.ts","search":"…","replacement":"…"}
//                                                       edits a file and announces it as Vite's watcher would
//   {"seq":4,"cmd":"connections"}                       → {"count":<open runner connections>}
// Vite closes and the process exits when stdin ends, so a crashed test run leaves no server behind.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    root: { type: 'string' },
    modules: { type: 'string' },
    token: { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});

// Vite and the plugin come from the project that runs the tests (this file lives in a temporary folder).
const requireFromProject = createRequire(path.join(path.resolve(args.modules), 'package.json'));
const load = (specifier) => import(pathToFileURL(requireFromProject.resolve(specifier)).href);
const vite = await load('vite');
const { runnerExtensible } = await load('vite-plugin-runner-extensible');

// stdout carries only the ready line and command answers.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const plugin = runnerExtensible({ token: args.token, vite });
const port = Number(args.port);
const server = await vite.createServer({
  root: args.root,
  configFile: path.join(args.root, 'vite.config.ts'),
  configLoader: 'runner',
  logLevel: 'warn',
  clearScreen: false,
  // The fixture app's vite.config.ts adds the suite's large and slow modules.
  plugins: [plugin],
  optimizeDeps: { noDiscovery: true, include: [] },
  // Edits are announced with watcher.emit('change'): no file-system timing.
  server: { host: '127.0.0.1', port, strictPort: port !== 0, watch: null },
});
await server.listen();
const environment = server.environments[plugin.api.environmentName];

writeStdout(
  'RX-CONFORMANCE-READY ' +
    JSON.stringify({
      port: server.httpServer.address().port,
      websocket: plugin.api.urls.websocket,
      http: plugin.api.urls.http,
      pid: process.pid,
      viteVersion: vite.version,
    }) +
    '\n',
);

const done = (seq, body = {}) => writeStdout('RX-CONFORMANCE-DONE ' + JSON.stringify({ seq, ...body }) + '\n');

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
  try {
    if (command.cmd === 'broadcast') {
      environment.hot.send(command.payload);
      done(command.seq);
    } else if (command.cmd === 'broadcast-many') {
      for (const payload of command.payloads) environment.hot.send(payload);
      done(command.seq);
    } else if (command.cmd === 'edit') {
      const file = path.join(args.root, command.file);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(command.search)) throw new Error(`${command.file} does not contain ${JSON.stringify(command.search)}`);
      writeFileSync(file, text.replace(command.search, command.replacement));
      server.watcher.emit('change', file);
      done(command.seq);
    } else if (command.cmd === 'connections') {
      done(command.seq, { count: plugin.api.hub.connections.size });
    } else {
      done(command.seq, { error: `unknown command ${command.cmd}` });
    }
  } catch (error) {
    done(command.seq, { error: String(error?.message ?? error) });
  }
});
commands.on('close', close);
process.on('SIGTERM', close);
