using Runner.Extensible.Conformance.Tests.Breakages;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance.Tests.Transports;

/// <summary>Broken transports, one or more per TRN guarantee: the loopback transport with one fault.</summary>
public static class TransportBreakages
{
    public static IEnumerable<Breakage> All =>
    [
        new("TRN-001", "neither invoke nor duplex", () => new BrokenTransportSuite(new BrokenTransportFixture("useless", LoopbackFlavor.Invoke, new(), pushes: false,
            create: _ => new UselessTransport()))),
        Break("TRN-002", "answers every call with getBuiltins", LoopbackFlavor.Invoke, new() { AnswerWithBuiltins = true }),
        Break("TRN-003", "throws the server's errors instead of returning them", LoopbackFlavor.Invoke, new() { ThrowServerErrors = true }),
        Break("TRN-004", "drops the answers to message calls", LoopbackFlavor.Duplex, new() { DropResponses = true }),
        Break("TRN-005", "swallows the connected payload", LoopbackFlavor.Duplex, new() { DropConnected = true }),
        Break("TRN-006", "never sends custom events", LoopbackFlavor.Duplex, new() { DropEventsSent = true }),
        Break("TRN-007", "drops custom events' data", LoopbackFlavor.Duplex, new() { DropCustomData = true }),
        Break("TRN-008", "delivers payloads on several threads at once", LoopbackFlavor.Duplex, new() { ConcurrentDelivery = true }),
        Break("TRN-009", "reads text as Latin-1", LoopbackFlavor.Invoke, new() { MangleText = true }),
        Break("TRN-010", "ignores sends after disconnecting", LoopbackFlavor.Duplex, new() { IgnoreSendsAfterDisconnect = true }),
        Break("TRN-011", "never reports a lost connection", LoopbackFlavor.Duplex, new() { HideLostConnection = true }),
        Break("TRN-012", "does not reconnect", LoopbackFlavor.Duplex, new() { NoReconnect = true }),
        Break("TRN-013", "fails to connect with InvalidOperationException", LoopbackFlavor.Duplex, new() { WrongConnectFailure = true }),
        Break("TRN-014", "drops HMR payloads", LoopbackFlavor.Duplex, new() { DropHmrPayloads = true }),
        Break("TRN-015", "leaves the connection open when closed", LoopbackFlavor.Duplex, new() { KeepConnectionOnClose = true }),
    ];

    private static Breakage Break(string id, string name, LoopbackFlavor flavor, LoopbackFaults faults) =>
        new(id, name, () => new BrokenTransportSuite(new BrokenTransportFixture(name, flavor, faults, pushes: flavor != LoopbackFlavor.Invoke)));

    /// <summary>A transport the runner cannot use: no invoke, no messages.</summary>
    private sealed class UselessTransport : IModuleRunnerTransport
    {
        public string DisplayName => "useless";

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

internal sealed class BrokenTransportFixture(string name, LoopbackFlavor flavor, LoopbackFaults faults, bool pushes, Func<ViteServerConnection, IModuleRunnerTransport>? create = null)
    : TransportConformanceFixture
{
    public override string PluginName => "broken transport (" + name + ")";

    public override bool SupportsPush => pushes;

    // A broken transport may leave a call hanging; the in-process server answers at once, so fail fast.
    public override TimeSpan OperationTimeout => TimeSpan.FromSeconds(1);

    public override Task<ConformanceViteServer> StartServerAsync() => Task.FromResult<ConformanceViteServer>(new LoopbackViteServer());

    protected override void ConfigureRunner(IModuleRunnerBuilder builder)
    {
        var connection = Server;
        builder.UseTransport("broken loopback", _ => create?.Invoke(connection) ?? LoopbackTransport.Create(connection, flavor, faults));
    }
}

internal sealed class BrokenTransportSuite(BrokenTransportFixture fixture) : TransportConformanceTests<BrokenTransportFixture>(fixture);
