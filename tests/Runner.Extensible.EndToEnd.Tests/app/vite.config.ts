// Config of the end-to-end tests' copies of the fixture app: the fixture's own config (copied beside this file
// as fixture.config.ts) plus the server half the tests need. Like the fixture's config it uses no packages,
// so it loads from any copy of the folder, with Vite's bundling config loader (stdio host) and its runner
// loader (the transport tests' server script) alike.
import fixture from './fixture.config.ts';

const slowId = 'virtual:e2e-slow';
const resolvedSlowId = '\0' + slowId;

export default {
  ...fixture,
  plugins: [
    ...fixture.plugins,
    {
      // "e2e:watcher-ready?" from a runner is answered "e2e:watcher-ready" once Vite's file watcher has scanned
      // the app: an edit made before that is never reported, so the tests ask before they edit.
      name: 'runner-e2e-watcher-ready',
      configureServer(server: any) {
        const watcher = server.watcher;
        const ready: Promise<void> = watcher._readyEmitted
          ? Promise.resolve()
          : new Promise((resolve) => watcher.once('ready', () => resolve()));
        for (const environment of Object.values(server.environments) as any[]) {
          if (environment.name === 'client') continue;
          environment.hot.on('e2e:watcher-ready?', async (_data: unknown, client: any) => {
            await ready;
            client.send('e2e:watcher-ready', { environment: environment.name });
          });
        }
      },
    },
    {
      // Custom events for the tests: "e2e:broadcast" makes the server broadcast the payload it carries to every
      // runner (environment.hot.send, as a server plugin does), and the fixture's "x:pong" answer (src/hmr/events.ts
      // sends it from its "x:ping" listener) is acknowledged with "e2e:pong-received", so a test sees it arrive.
      name: 'runner-e2e-events',
      configureServer(server: any) {
        for (const environment of Object.values(server.environments) as any[]) {
          if (environment.name === 'client') continue;
          environment.hot.on('e2e:broadcast', (payload: any) => environment.hot.send(payload));
          environment.hot.on('x:pong', (data: any, client: any) => client.send('e2e:pong-received', data));
        }
      },
    },
    {
      // A module whose load never finishes in time, so that an import of it is in flight when a test kills the
      // server. It announces the start of the load to every runner ("e2e:slow-load-started"), so the test kills
      // the server at the right moment instead of after a guessed delay.
      name: 'runner-e2e-slow-module',
      resolveId(id: string) {
        return id === slowId ? resolvedSlowId : undefined;
      },
      async load(this: any, id: string) {
        if (id !== resolvedSlowId) return undefined;
        this.environment.hot.send({ type: 'custom', event: 'e2e:slow-load-started', data: { id } });
        await new Promise((resolve) => setTimeout(resolve, 120_000).unref());
        return 'export default "slow";\n';
      },
    },
  ],
};
