using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerTransport.Tests;

/// <summary>
/// Wires the plugin the way a user does: the WebSocket transport to the kit's Vite server, wrapped by
/// UseTrafficLogging with payload JSON on, so the suite checks that wrapping changes nothing the runner can observe.
/// </summary>
/// <remarks>
/// The kit runs a real Vite 8 with vite-plugin-runner-extensible through Node: set RUNNER_EXTENSIBLE_VITE_PROJECT to a
/// folder whose node_modules has both (see the README).
/// </remarks>
public sealed class LoggedWebSocketFixture : TransportConformanceFixture
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) =>
        builder.UseWebSocket(Server.WebSocketUrl.ToString(), Server.Token).UseTrafficLogging(o => o.PayloadCharacters = 200);
}

/// <summary>The kit's transport suite (TRN-*), run against the WebSocket transport wrapped by traffic logging.</summary>
public sealed class LoggedWebSocketConformance(LoggedWebSocketFixture fixture) : TransportConformanceTests<LoggedWebSocketFixture>(fixture);
