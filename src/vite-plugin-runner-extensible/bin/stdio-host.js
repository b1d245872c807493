#!/usr/bin/env node
// Starts Vite in middleware mode with the runner-extensible environment served over stdio:
// newline-delimited JSON HotPayloads on stdin/stdout (PROTOCOL.md §6). stdout carries the
// protocol only; everything else this process prints goes to stderr.

// Taken before anything can print: from here on, process.stdout.write (and so console.log and
// Vite's logger) writes to stderr, and only the protocol writer below reaches the real stdout.
const writeProtocol = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const { createRequire } = await import('node:module');
const path = await import('node:path');
const { pathToFileURL } = await import('node:url');
const { parseArgs } = await import('node:util');
const { runnerExtensible } = await import('../index.js');

const EXIT_START_FAILED = 1;
const EXIT_NO_VITE = 2;

function fail(message, code) {
  process.stderr.write(`[runner-extensible] ${message}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      root: { type: 'string' },
      config: { type: 'string' },
      'no-config': { type: 'boolean', default: false },
      mode: { type: 'string' },
      environment: { type: 'string' },
      'no-node-apis': { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      'max-payload-bytes': { type: 'string' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${error.message}\nusage: stdio-host.js --root <dir> [--config <file> | --no-config] [--mode <mode>] [--environment <name>] [--no-node-apis] [--log-level info|warn|error|silent] [--max-payload-bytes <n>]`, EXIT_START_FAILED);
}

const root = path.resolve(args.root ?? process.cwd());

/** Vite from the project first (the host may ship outside it), then from this package. */
async function importVite() {
  for (const base of [path.join(root, 'package.json'), import.meta.url]) {
    let resolved;
    try {
      resolved = createRequire(base).resolve('vite');
    } catch {
      continue;
    }
    return import(pathToFileURL(resolved).href);
  }
  fail(
    `cannot find the "vite" package from ${root} or from ${path.dirname(new URL(import.meta.url).pathname)}. ` +
      `Install it in the project: cd ${root} && npm install --save-dev vite@8`,
    EXIT_NO_VITE,
  );
}

const vite = await importVite();
let plugin;
try {
  plugin = runnerExtensible({
    vite,
    environment: args.environment,
    nodeApis: !args['no-node-apis'],
    maxPayloadBytes: args['max-payload-bytes'] === undefined ? undefined : Number(args['max-payload-bytes']),
    stdio: { input: process.stdin, output: { write: (text) => writeProtocol(text) } },
  });
} catch (error) {
  fail(error.message, EXIT_START_FAILED);
}

let server;
let closing = false;
let stopRequested = false;
// Registered before Vite starts: the plugin begins reading stdin while Vite is still starting,
// and an early end of input must not be missed.
const requestStop = () => {
  stopRequested = true;
  if (server) void shutDown();
};
process.stdin.on('end', requestStop);
process.stdin.on('close', requestStop);
process.on('SIGINT', requestStop);
process.on('SIGTERM', requestStop);

try {
  server = await vite.createServer({
    root,
    configFile: args['no-config'] ? false : args.config ? path.resolve(args.config) : undefined,
    mode: args.mode,
    logLevel: args['log-level'],
    clearScreen: false,
    plugins: [plugin],
    server: { middlewareMode: true, ws: false },
  });
} catch (error) {
  fail(`Vite failed to start: ${error?.stack ?? error}`, EXIT_START_FAILED);
}

if (stopRequested) void shutDown();

async function shutDown() {
  if (closing) return;
  closing = true;
  try {
    await server.close();
  } catch (error) {
    process.stderr.write(`[runner-extensible] error while closing Vite: ${error?.stack ?? error}\n`);
  }
  // Let the last protocol lines leave before exiting (Vite may keep handles such as watchers).
  writeProtocol('', () => process.exit(0));
}
