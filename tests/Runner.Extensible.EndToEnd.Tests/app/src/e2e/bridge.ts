// What the end-to-end tests call from C# before they import the fixture's HMR modules.
type Sink = (entry: string) => void;

/**
 * The fixture modules push what happens to them onto globalThis.__rxFixtureLog (`log.push(entry)`). This makes
 * every push call the .NET function `sink` at once, on the engine's thread, while the pushing code (a module body,
 * an accept, dispose or prune callback, an event listener) is still running.
 */
export function forwardFixtureLog(sink: Sink): void {
  (globalThis as any).__rxFixtureLog = {
    push(entry: string): void {
      sink(entry);
    },
  };
}

/** Resolves once the server's file watcher is ready (the app config's "e2e:watcher-ready?" listener answers). */
export function whenWatcherReady(): Promise<string> {
  const hot = import.meta.hot;
  if (!hot) return Promise.reject(new Error('bridge.ts: import.meta.hot is missing; HMR must be on'));
  return new Promise((resolve) => {
    const answered = (data: { environment: string }) => {
      hot.off('e2e:watcher-ready', answered);
      resolve(data.environment);
    };
    hot.on('e2e:watcher-ready', answered);
    hot.send('e2e:watcher-ready?', {});
  });
}

/** Asks the server to broadcast the custom event `event` to every runner (the app config's "e2e:broadcast"). */
export function askServerToBroadcast(event: string, data: unknown): void {
  const hot = import.meta.hot;
  if (!hot) throw new Error('bridge.ts: import.meta.hot is missing; HMR must be on');
  hot.send('e2e:broadcast', { type: 'custom', event, data });
}
