using Runner.Extensible.Hmr;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Tests.Support;

/// <summary>The transport flavour a <see cref="RunnerScope"/> uses.</summary>
public enum TransportFlavor
{
    /// <summary>RPC over messages (WebSocket-like).</summary>
    Duplex,

    /// <summary>Request/response only (HTTP-like).</summary>
    Invoke,

    /// <summary>Both.</summary>
    InvokeAndDuplex,
}

/// <summary>
/// A runner wired to a <see cref="FakeViteServer"/> through an <see cref="InMemoryTransport"/> and a
/// <see cref="TestEvaluator"/>, with HMR off and source maps off unless a test asks otherwise. It fetches exactly
/// as Vite's runner does (cache coherence off) unless created with <c>cacheCoherence: true</c>: these tests pin
/// Vite's wire behaviour, and the Coherence tests cover the other mode.
/// </summary>
internal sealed class RunnerScope : IAsyncDisposable
{
    private RunnerScope(FakeViteServer server, InMemoryTransport transport, TestEvaluator evaluator, ModuleRunner runner, CapturingLoggerFactory logs)
    {
        Server = server;
        Transport = transport;
        Evaluator = evaluator;
        Runner = runner;
        Logs = logs;
    }

    public FakeViteServer Server { get; }

    public InMemoryTransport Transport { get; }

    /// <summary>The transport as duplex (fails for the invoke-only flavour).</summary>
    public InMemoryDuplexTransport Duplex => (InMemoryDuplexTransport)Transport;

    public TestEvaluator Evaluator { get; }

    public ModuleRunner Runner { get; }

    public CapturingLoggerFactory Logs { get; }

    /// <summary>The fake HMR client when the scope was created with <c>fakeHmr</c>.</summary>
    public FakeHotUpdateClient? Hot { get; private set; }

    public static RunnerScope Create(
        FakeViteServer? server = null,
        TransportFlavor flavor = TransportFlavor.Duplex,
        TestEvaluator? evaluator = null,
        bool fakeHmr = false,
        Func<ModuleRunnerComponents, ModuleRunnerComponents>? configure = null,
        bool cacheCoherence = false)
    {
        server ??= new FakeViteServer();
        evaluator ??= new TestEvaluator();
        InMemoryTransport transport = flavor switch
        {
            TransportFlavor.Duplex => InMemoryTransport.Duplex(server),
            TransportFlavor.Invoke => InMemoryTransport.Invoke(server),
            _ => InMemoryTransport.InvokeAndDuplex(server),
        };
        var logs = new CapturingLoggerFactory();
        RunnerScope? scope = null;
        var components = new ModuleRunnerComponents("test", evaluator, transport)
        {
            Hmr = fakeHmr,
            SourceMaps = false,
            CacheCoherence = cacheCoherence,
            LoggerFactory = logs,
            HotUpdateClientFactory = fakeHmr ? (host, logger) => scope!.Hot = new FakeHotUpdateClient(host, logger) : null,
        };
        if (configure is not null) components = configure(components);
        scope = new RunnerScope(server, transport, evaluator, new ModuleRunner(components), logs);
        return scope;
    }

    /// <summary>Waits (briefly, without sleeping a fixed time) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    /// <summary>Imports through the runner with the test's cancellation token.</summary>
    public Task<Scripting.IScriptObject> ImportAsync(string url) => Runner.ImportAsync(url, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Runner.DisposeAsync();
}

/// <summary>A transport that implements neither <see cref="IInvokeTransport"/> nor <see cref="IDuplexTransport"/>.</summary>
internal sealed class UselessTransport : IModuleRunnerTransport
{
    public string DisplayName => "useless";

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>An HMR logger that records messages.</summary>
internal sealed class RecordingHmrLogger : IHmrLogger
{
    public List<string> Messages { get; } = [];

    public void Debug(string message) { lock (Messages) Messages.Add("debug: " + message); }

    public void Error(string message, Exception? exception = null) { lock (Messages) Messages.Add("error: " + message); }
}
