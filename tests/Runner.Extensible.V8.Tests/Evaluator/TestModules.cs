using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.V8.Evaluator;
using Runner.Extensible.V8.Tests.Engine;

namespace Runner.Extensible.V8.Tests.Evaluator;

/// <summary>
/// A deliberately small stand-in for the core runner, enough to drive the evaluator through its contract:
/// modules are hand-written Vite-shaped code keyed by URL; imports are cached, deduplicated and circular
/// imports get the partially filled exports, as in Vite.
/// </summary>
internal sealed class TestRunner : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TestModule> _modules = new();

    private TestRunner(V8ModuleEvaluator evaluator) => Evaluator = evaluator;

    public V8ModuleEvaluator Evaluator { get; }

    public Dictionary<string, string> Sources { get; } = new();

    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Hot contexts by module URL; set <see cref="Hmr"/> to give modules one.</summary>
    public ConcurrentDictionary<string, RecordingHotContext> HotContexts { get; } = new();

    public bool Hmr { get; set; }

    public IReadOnlyDictionary<string, object?> AdditionalImportMeta { get; set; } = new Dictionary<string, object?>();

    public static async Task<TestRunner> StartAsync(Action<V8EvaluatorOptions>? configure = null, ISourceMapInterceptor? interceptor = null, ILoggerFactory? loggers = null)
    {
        EngineRequirement.EnsureAvailable();
        var options = new V8EvaluatorOptions();
        foreach (var flag in EngineRequirement.Flags) options.EngineFlags.Add(flag);
        configure?.Invoke(options);
        var evaluator = new V8ModuleEvaluator(options);
        await evaluator.InitializeAsync(new ModuleEvaluatorHost("test", loggers ?? NullLoggerFactory.Instance, interceptor), TestContext.Current.CancellationToken);
        return new TestRunner(evaluator);
    }

    public Task<IScriptObject> ImportAsync(string url) => ImportAsync(url, null, []);

    internal Task<IScriptObject> ImportAsync(string url, ImportMetadata? metadata, IReadOnlyList<string> callstack)
    {
        Log.Enqueue($"import {url}{(metadata?.ImportedNames is { } names ? " [" + string.Join(",", names) + "]" : "")}{(metadata?.IsDynamicImport == true ? " dynamic" : "")}");
        if (url.StartsWith("node:", StringComparison.Ordinal) || url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal))
            return Evaluator.RunExternalModuleAsync(url, TestContext.Current.CancellationToken);
        var module = _modules.GetOrAdd(url, u => new TestModule(this, u));
        // Circular: an importer already on the stack gets the partially filled exports.
        if (callstack.Contains(url) && module.Exports is { } partial) return Task.FromResult(partial);
        return module.EvaluateOnce([.. callstack, url]);
    }

    /// <summary>Forgets a module so the next import evaluates a fresh instance.</summary>
    public void Invalidate(string url) => _modules.TryRemove(url, out _);

    public ValueTask DisposeAsync() => Evaluator.DisposeAsync();

    private sealed class TestModule(TestRunner runner, string url) : IModuleEvaluationContext, IEvaluatedModule
    {
        private readonly Lock _gate = new();
        private Task<IScriptObject>? _evaluation;
        private IReadOnlyList<string> _callstack = [];

        public IScriptObject? Exports { get; private set; }

        public IEvaluatedModule Module => this;

        public ImportMetaDescriptor ImportMeta { get; } = new()
        {
            Url = "file://" + url,
            Filename = url,
            Dirname = Path.GetDirectoryName(url) ?? "/",
            AdditionalProperties = runner.AdditionalImportMeta,
            Hot = runner.Hmr ? runner.HotContexts.GetOrAdd(url, u => new RecordingHotContext(u)) : null,
        };

        public string Id => url;

        public string Url => url;

        public string File => url;

        public IReadOnlyCollection<string> Importers => [];

        public IReadOnlyCollection<string> Imports => [];

        public bool IsEvaluated => _evaluation?.IsCompleted == true;

        public FetchResult? Meta => null;

        public Task<IScriptObject> EvaluateOnce(IReadOnlyList<string> callstack)
        {
            lock (_gate)
            {
                if (_evaluation is null)
                {
                    _callstack = callstack;
                    var code = runner.Sources.TryGetValue(url, out var source) ? source : throw new InvalidOperationException($"no test source for {url}");
                    _evaluation = runner.Evaluator.RunInlinedModuleAsync(this, code, this, TestContext.Current.CancellationToken);
                }
                return _evaluation;
            }
        }

        public void PublishExports(IScriptObject exports)
        {
            if (Exports is not null) throw new InvalidOperationException("PublishExports called twice");
            runner.Log.Enqueue($"publish {url}");
            Exports = exports;
        }

        public async ValueTask<IScriptObject> ImportAsync(string dependency, ImportMetadata? metadata = null) =>
            await runner.ImportAsync(dependency, metadata, _callstack);

        public async ValueTask<IScriptObject> DynamicImportAsync(string specifier) =>
            await runner.ImportAsync(specifier, new ImportMetadata(IsDynamicImport: true), _callstack);
    }
}

/// <summary>Records what module code does with <c>import.meta.hot</c>.</summary>
internal sealed class RecordingHotContext(string ownerPath) : IHotContext
{
    public string OwnerPath { get; } = ownerPath;

    public HotData Data { get; } = new(ownerPath);

    public ConcurrentQueue<string> Calls { get; } = new();

    public List<(IReadOnlyList<string> Dependencies, IScriptFunction? Callback)> Accepts { get; } = [];

    public List<IScriptFunction> Listeners { get; } = [];

    public IScriptFunction? DisposeCallback { get; private set; }

    public JsonElement? LastSent { get; private set; }

    public void AcceptDependencies(IReadOnlyList<string> dependencies, IScriptFunction? callback)
    {
        Calls.Enqueue($"accept [{string.Join(",", dependencies)}] {(callback is null ? "no callback" : "callback")}");
        Accepts.Add((dependencies, callback));
    }

    public void AcceptExports(IReadOnlyList<string> exportNames, IScriptFunction? callback)
    {
        Calls.Enqueue($"acceptExports [{string.Join(",", exportNames)}]");
        Accepts.Add(([OwnerPath], callback));
    }

    public void Dispose(IScriptFunction callback)
    {
        Calls.Enqueue("dispose");
        DisposeCallback = callback;
    }

    public void Prune(IScriptFunction callback) => Calls.Enqueue("prune");

    public void Decline() => Calls.Enqueue("decline");

    public void Invalidate(string? message) => Calls.Enqueue($"invalidate {message ?? "(none)"}");

    public void On(string eventName, IScriptFunction callback)
    {
        Calls.Enqueue($"on {eventName}");
        Listeners.Add(callback);
    }

    public void Off(string eventName, IScriptFunction callback) =>
        Calls.Enqueue($"off {eventName} {(Listeners.Remove(callback) ? "found" : "missing")}");

    public void Send(string eventName, JsonElement? data)
    {
        Calls.Enqueue($"send {eventName}");
        LastSent = data;
    }
}

/// <summary>Stands in for the core's interceptor: maps every frame of <c>.js</c> files onto a <c>.ts</c> file three lines up.</summary>
internal sealed class ShiftingInterceptor : ISourceMapInterceptor
{
    public ConcurrentQueue<IReadOnlyList<ScriptStackFrame>> Seen { get; } = new();

    public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames)
    {
        Seen.Enqueue(frames);
        return frames.Select(f => f.FileName is { } file && file.EndsWith(".js", StringComparison.Ordinal) && f.LineNumber is { } line
            ? f with { FileName = file[..^3] + ".ts", LineNumber = line - 3 }
            : f).ToList();
    }
}

/// <summary>Collects log entries.</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
