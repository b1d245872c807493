using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Stdio;

/// <summary>One stdio transport (and so one Vite stdio host) on a fresh copy of the fixture app, shared by a test class.</summary>
public sealed class StdioFixture : IAsyncLifetime
{
    internal ViteApp App { get; private set; } = null!;

    internal TestRunnerBuilder Builder { get; } = new();

    internal RecordingHandler Handler { get; } = new();

    internal IDuplexTransport Transport { get; private set; } = null!;

    internal MessageInvoker Invoker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        RepoPaths.RequireVite();
        App = ViteApp.Create();
        Transport = Builder.UseStdio(App.Root).CreateTransport<IDuplexTransport>();
        Invoker = new MessageInvoker(Transport, Handler);
        await Transport.ConnectAsync(Handler, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Transport is not null) await Transport.DisposeAsync();
        await Builder.DisposeAsync();
        App?.Dispose();
    }
}
