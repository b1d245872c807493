// Edit this component while the sample runs: the next page the .NET app renders shows the change, without a restart.
export function Greeting({ name }: { name: string }) {
  return <h1 id="greeting">Hello, {name}!</h1>;
}
