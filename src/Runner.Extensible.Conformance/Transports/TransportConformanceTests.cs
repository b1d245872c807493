using System.Text.Json;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The conformance suite of <see cref="IModuleRunnerTransport"/> (guarantees <c>TRN-*</c> of the kit's GUARANTEES.md),
/// run against a real Vite 8 server with the project's Vite plugin. Inherit it once with your fixture:
/// <c>public sealed class WebSocketConformance(WebSocketFixture f) : TransportConformanceTests&lt;WebSocketFixture&gt;(f);</c>.
/// Every test is virtual: override one where your transport legitimately differs, and say why.
/// </summary>
/// <typeparam name="TFixture">The fixture that wires the transport.</typeparam>
/// <param name="fixture">The shared fixture (it owns the server).</param>
public abstract partial class TransportConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : TransportConformanceFixture
{
    /// <summary>The fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static JsonElement Args(params object?[] arguments) => ProtocolJson.ToElement(arguments);

    private static JsonElement FetchArgs(string url) => Args(url, null, new FetchModuleOptions(false, 3));

    /// <summary>Creates the plugin's transport against <paramref name="connection"/> (the shared server by default).</summary>
    private async Task<TransportScope> OpenAsync(ViteServerConnection? connection = null)
    {
        using var _ = Fixture.UseServer(connection ?? Fixture.SharedServer.Connection);
        var seam = SeamOptions.Build(Fixture);
        try
        {
            return new TransportScope(seam, Fixture.CreateTransport(seam), Fixture.OperationTimeout);
        }
        catch
        {
            await seam.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a runner with the plugin's transport against <paramref name="connection"/>; the kit's evaluator runs no code.</summary>
    private async Task<(RunnerSession Session, NonExecutingEvaluator Evaluator)> StartRunnerAsync(ViteServerConnection? connection = null, Action<IModuleRunnerBuilder>? kit = null)
    {
        using var _ = Fixture.UseServer(connection ?? Fixture.SharedServer.Connection);
        NonExecutingEvaluator? evaluator = null;
        var session = await RunnerSession.StartAsync(Fixture, builder =>
        {
            Fixture.ConfigurePlugin(builder);
            evaluator = builder.UseNonExecutingEvaluator();
            if (!Fixture.SupportsPush) builder.DisableHmr();
            kit?.Invoke(builder);
        });
        return (session, evaluator!);
    }

    private IDuplexTransport RequireDuplex(IModuleRunnerTransport transport, string why)
    {
        Capability.Require(Fixture.SupportsPush, Fixture, nameof(TransportConformanceFixture.SupportsPush), why);
        return transport as IDuplexTransport
            ?? throw new InvalidOperationException($"{Fixture.PluginName} declares SupportsPush but its transport ({transport.GetType().Name}) does not implement IDuplexTransport.");
    }

    private IInvokeTransport RequireInvoke(IModuleRunnerTransport transport)
    {
        if (transport is not IInvokeTransport invoke)
        {
            Assert.Skip($"{Fixture.PluginName} does not implement IInvokeTransport: the core carries its calls over messages (checked by TRN-004).");
            throw new InvalidOperationException("unreachable");
        }
        return invoke;
    }

    private void RequireKitServer(string why) =>
        Capability.Require(Fixture.UsesTheKitsServer, Fixture, nameof(TransportConformanceFixture.UsesTheKitsServer), why);

    /// <summary>A server of the test's own (one it may stop), disposed with the returned scope.</summary>
    private async Task<ConformanceViteServer> StartOwnServerAsync() =>
        await Hang.Guard(Fixture.StartServerAsync(), TimeSpan.FromSeconds(90), "Starting a Vite server for this test");

    /// <summary>The transport under test with the container it came from.</summary>
    private sealed class TransportScope(SeamOptions seam, IModuleRunnerTransport transport, TimeSpan timeout) : IAsyncDisposable
    {
        public IModuleRunnerTransport Transport { get; } = transport;

        public RecordingMessageHandler Handler { get; } = new();

        public TimeSpan Timeout { get; } = timeout;

        /// <summary>Connects (duplex transports) with the recording handler.</summary>
        public Task ConnectAsync() =>
            Transport is IDuplexTransport duplex
                ? Hang.Guard(duplex.ConnectAsync(Handler, CancellationToken.None).AsTask(), Timeout, $"Connecting {Transport.DisplayName}")
                : Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (Transport is IDuplexTransport duplex) await Hang.Guard(duplex.DisconnectAsync(CancellationToken.None).AsTask(), Timeout, "Disconnecting");
                await Hang.Guard(Transport.DisposeAsync().AsTask(), Timeout, "Disposing the transport");
            }
            finally
            {
                await seam.DisposeAsync();
            }
        }
    }
}
