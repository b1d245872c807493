using Runner.Extensible.EndToEnd.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Stdio;

/// <summary>
/// Runners start Vite themselves through <c>UseStdio(root)</c>: each runner of the class gets its own stdio host on the
/// class's app copy, and ends it when it is disposed.
/// </summary>
public sealed class StdioFixture : TransportFixture
{
    public override string TransportName => "stdio";

    internal override void UseTransport(IModuleRunnerBuilder runner) => runner.UseStdio(App.Root);
}
