using Runner.Extensible.EndToEnd.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.WebSocket;

/// <summary>Runners reach the shared Vite server through <c>UseWebSocket(url, token)</c>.</summary>
public sealed class WebSocketFixture : ViteServerFixture
{
    public override string TransportName => "websocket";

    internal override void UseTransport(IModuleRunnerBuilder runner) => runner.UseWebSocket(Server.WebSocketUrl.ToString(), Token);
}
