using Runner.Extensible.Coherence;
using Runner.Extensible.Tests.Support;

namespace Runner.Extensible.Tests.Coherence;

/// <summary>A <see cref="RunnerScope"/> with cache coherence on, talking to a <see cref="CoherentViteServer"/>.</summary>
internal sealed class CoherenceScope : IAsyncDisposable
{
    private CoherenceScope(RunnerScope scope, CoherentViteServer coherent)
    {
        Scope = scope;
        Coherent = coherent;
    }

    public RunnerScope Scope { get; }

    public CoherentViteServer Coherent { get; }

    public FakeViteServer Server => Scope.Server;

    public TestEvaluator Evaluator => Scope.Evaluator;

    public ModuleRunner Runner => Scope.Runner;

    public InMemoryDuplexTransport Transport => Scope.Duplex;

    public HeldModules Held => Runner.Coherence!.Held;

    /// <summary>Every server call that fetched modules: <c>fetchModule</c> and <c>runnerExtensible:fetchModules</c>.</summary>
    public int RoundTrips => Server.FetchCalls.Count + Coherent.Calls.Count;

    public static CoherenceScope Create(
        FakeViteServer? server = null,
        TransportFlavor flavor = TransportFlavor.Duplex,
        Func<ModuleRunnerComponents, ModuleRunnerComponents>? configure = null,
        bool cacheCoherence = true)
    {
        server ??= new FakeViteServer();
        var coherent = new CoherentViteServer(server);
        var scope = RunnerScope.Create(server, flavor, configure: configure, cacheCoherence: cacheCoherence);
        coherent.Connection = scope.Duplex;
        return new CoherenceScope(scope, coherent);
    }

    public Task<Scripting.IScriptObject> ImportAsync(string url) => Scope.ImportAsync(url);

    /// <summary>Loses the connection and comes back on a new one (the server forgets what the old one held).</summary>
    public void Reconnect()
    {
        Transport.LoseConnection();
        Coherent.NewConnection();
        Transport.Reconnect();
    }

    public ValueTask DisposeAsync() => Scope.DisposeAsync();
}
