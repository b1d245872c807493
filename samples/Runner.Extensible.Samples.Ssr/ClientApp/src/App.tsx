import { Counter } from './Counter';
import { Greeting } from './Greeting';
import type { PageProps } from './props';

export function App({ serverPid, startToken, renderCount }: PageProps) {
  return (
    <main>
      <Greeting name="Preact rendered by .NET" />
      <p>
        This page was rendered on the server by Preact, running in V8 inside the ASP.NET Core process, then hydrated by
        the same component code that Vite serves to the browser.
      </p>
      <Counter />
      <p id="server-info" data-pid={serverPid} data-start={startToken}>
        .NET process {serverPid}, started as {startToken}, render #{renderCount}
      </p>
    </main>
  );
}
