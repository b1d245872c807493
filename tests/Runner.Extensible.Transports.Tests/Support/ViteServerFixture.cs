namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>One Vite server on a fresh copy of the fixture app, shared by the tests of a class.</summary>
public sealed class ViteServerFixture : IAsyncLifetime
{
    /// <summary>The token the server requires.</summary>
    public string Token { get; } = "transport-tests-" + Guid.NewGuid().ToString("N");

    internal ViteApp App { get; private set; } = null!;

    internal ViteServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = ViteApp.Create();
        Server = await ViteServer.StartAsync(App.Root, Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        App?.Dispose();
    }
}
