/** What the .NET app passes to the page: rendered on the server, and handed to the browser for hydration. */
export interface PageProps {
  /** The id of the .NET process that rendered the page. */
  serverPid: number;
  /** A value the .NET process picked when it started: it changes only when the process restarts. */
  startToken: string;
  /** How many pages this process has rendered. */
  renderCount: number;
}
