// Starts the SSR sample's Vite dev server for the .NET app (Vite/ViteDevServer.cs), and stops it with the app:
// when its stdin ends (the app closed it, or the app died and the pipe closed) or on SIGTERM/SIGINT.
// Vite's own CLI does not notice a closed stdin, so an app that crashed would leave it running.
//
//   node vite-dev-server.mjs --root <ClientApp> --port <n>
//
// Vite, its config and the plugins come from the project root (Node's lookup upward from <root>).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { root: { type: 'string' }, port: { type: 'string' } } });
const root = path.resolve(args.root ?? '.');
const vite = await import(pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('vite')).href);

const server = await vite.createServer({
  root,
  server: { host: '127.0.0.1', port: Number(args.port ?? 5173), strictPort: true },
});
await server.listen();
server.printUrls();

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
}
process.stdin.on('end', close);
process.stdin.resume();
process.on('SIGTERM', close);
process.on('SIGINT', close);
