using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.WebSocket;

/// <summary>Server failures over <c>UseWebSocket</c>.</summary>
public sealed class WebSocketServerFailureTests : ServerFailureTests
{
    internal override void UseTransport(IModuleRunnerBuilder runner, ViteServer server, string token) =>
        runner.UseWebSocket(server.WebSocketUrl.ToString(), token);
}
