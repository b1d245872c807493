using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// The one seam a transport fills to run <see cref="RunnerEndToEndTests{TFixture}"/>: a copy of the fixture app that a
/// real Vite 8 server serves, and the <c>Use*</c> call that connects a runner to it. Shared by the tests of a class.
/// </summary>
public abstract class TransportFixture : IAsyncLifetime
{
    /// <summary>The transport's name in test output.</summary>
    public abstract string TransportName { get; }

    internal ViteApp App { get; private set; } = null!;

    /// <summary>Fills the runner's transport slot the way an application would.</summary>
    internal abstract void UseTransport(IModuleRunnerBuilder runner);

    /// <summary>A new runner (its own V8 engine) connected to this fixture's server.</summary>
    internal RunnerScope CreateRunner() => RunnerScope.Create(App, UseTransport);

    public virtual ValueTask InitializeAsync()
    {
        App = EndToEndApp.Create();
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        App?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A Vite server (the transport tests' <c>server/vite-server.mjs</c>) on the fixture's app copy.</summary>
public abstract class ViteServerFixture : TransportFixture
{
    internal string Token { get; } = "e2e-" + Guid.NewGuid().ToString("N");

    internal ViteServer Server { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Server = await ViteServer.StartAsync(App.Root, Token);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        await base.DisposeAsync();
    }
}
