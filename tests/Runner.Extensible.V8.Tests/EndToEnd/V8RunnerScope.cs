using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.V8.Engine;
using Runner.Extensible.V8.Evaluator;
using Runner.Extensible.V8.Tests.Engine;

namespace Runner.Extensible.V8.Tests.EndToEnd;

/// <summary>
/// The real core runner with the V8 evaluator, talking to the core's in-memory Vite server (answers
/// recorded from Vite 8.3.8 or added by the test) over the in-memory duplex transport.
/// </summary>
internal sealed class V8RunnerScope : IAsyncDisposable
{
    private V8RunnerScope(FakeViteServer server, InMemoryDuplexTransport transport, V8ModuleEvaluator evaluator, ModuleRunner runner, RecordingHmrLogger hmrLog)
    {
        Server = server;
        Transport = transport;
        Evaluator = evaluator;
        Runner = runner;
        HmrLog = hmrLog;
    }

    public FakeViteServer Server { get; }

    public InMemoryDuplexTransport Transport { get; }

    public V8ModuleEvaluator Evaluator { get; }

    public ModuleRunner Runner { get; }

    public RecordingHmrLogger HmrLog { get; }

    public CapturingLoggerFactory Logs { get; } = new();

    public static V8RunnerScope Create(FakeViteServer server, bool hmr = false, Action<V8EvaluatorOptions>? configure = null)
    {
        EngineRequirement.EnsureAvailable();
        var options = new V8EvaluatorOptions { WorkingDirectory = RecordedFixtures.FixtureRoot };
        foreach (var flag in EngineRequirement.Flags) options.EngineFlags.Add(flag);
        configure?.Invoke(options);
        var evaluator = new V8ModuleEvaluator(options);
        var transport = InMemoryTransport.Duplex(server);
        var hmrLog = new RecordingHmrLogger();
        var runner = new ModuleRunner(new ModuleRunnerComponents("e2e", evaluator, transport)
        {
            Hmr = hmr,
            SourceMaps = true,
            HmrLogger = hmrLog,
        });
        return new V8RunnerScope(server, transport, evaluator, runner, hmrLog);
    }

    public Task<IScriptObject> ImportAsync(string url) => Runner.ImportAsync(url, TestContext.Current.CancellationToken);

    /// <summary>What the fixture modules pushed to <c>globalThis.__rxFixtureLog</c>.</summary>
    public async Task<IReadOnlyList<string>> FixtureLogAsync() =>
        await Evaluator.Environment.InvokeAsync(js =>
            ((object?[]?)js.ToClr(js.RunScript("globalThis.__rxFixtureLog ?? []", "fixture-log.js")) ?? []).Select(x => (string)x!).ToList());

    public ValueTask DisposeAsync() => Runner.DisposeAsync();
}

/// <summary>Records HMR logger calls as Vite's recordings list them: <c>[level, message]</c>.</summary>
internal sealed class RecordingHmrLogger : IHmrLogger
{
    private readonly List<(string Level, string Message)> _entries = [];

    public IReadOnlyList<(string Level, string Message)> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public void Debug(string message)
    {
        lock (_entries) _entries.Add(("debug", message));
    }

    public void Error(string message, Exception? exception = null)
    {
        lock (_entries) _entries.Add(("error", message));
    }
}
