using System.Collections.Concurrent;
using System.Text.Json;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Support;

/// <summary>A static import as the importing module saw it.</summary>
public sealed record ObservedImport(string ImporterId, string Specifier, IScriptObject Exports, IReadOnlyDictionary<string, object?> ValuesAtImport);

/// <summary>
/// An <see cref="IModuleEvaluator"/> without a JS engine. It runs the top-level statements of Vite-transformed
/// code that matter to the runner (see <see cref="TestModuleInterpreter"/>): <c>__vite_ssr_import__</c>,
/// <c>__vite_ssr_dynamic_import__</c>, <c>__vite_ssr_exportName__</c>, <c>__vite_ssr_exportAll__</c>, simple
/// <c>const</c> bindings, <c>throw new Error("…")</c>, and test directives in comments:
/// <list type="bullet">
/// <item><c>// test:export name=&lt;json&gt;</c> defines an export;</item>
/// <item><c>// test:throw message</c> throws;</item>
/// <item><c>// test:log text</c> appends to <see cref="Log"/> (evaluation order);</item>
/// <item><c>// test:wait gate</c> waits until the test opens <see cref="Gate"/>;</item>
/// <item><c>// test:snapshot N label</c> records what import N looks like at that moment in <see cref="Snapshots"/>.</item>
/// </list>
/// </summary>
public sealed class TestEvaluator : IModuleEvaluator
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _evaluations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _externalLoads = new();

    /// <inheritdoc />
    public int? StartOffset { get; init; } = 3;

    /// <summary>What the runner passed to <see cref="InitializeAsync"/>.</summary>
    public ModuleEvaluatorHost? Host { get; private set; }

    /// <summary>How often the runner initialized the evaluator.</summary>
    public int InitializeCount { get; private set; }

    /// <summary>Whether the runner disposed the evaluator.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Evaluation order and <c>test:log</c> lines: <c>eval:&lt;id&gt;</c> when a module starts.</summary>
    public IReadOnlyList<string> Log => _log.ToArray();

    /// <summary>The latest context of each module, by id.</summary>
    public ConcurrentDictionary<string, IModuleEvaluationContext> Contexts { get; } = new(StringComparer.Ordinal);

    /// <summary>Every context created, in order (one per module instance).</summary>
    public ConcurrentQueue<IModuleEvaluationContext> AllContexts { get; } = new();

    /// <summary>Values recorded by <c>// test:snapshot</c>.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, object?>> Snapshots { get; } = new(StringComparer.Ordinal);

    /// <summary>Every static import a module made: importer id, specifier, the object it got, and its values at that moment.</summary>
    public ConcurrentQueue<ObservedImport> ImportsSeen { get; } = new();

    /// <summary>Namespaces of externalized modules by url; unknown urls fail like a missing package.</summary>
    public ConcurrentDictionary<string, Func<TestScriptObject>> Externals { get; } = new(StringComparer.Ordinal);

    /// <summary>The urls <see cref="RunExternalModuleAsync"/> was asked for, in order.</summary>
    public IReadOnlyList<string> ExternalLoads => _externalLoads.ToArray();

    /// <summary>How often a module (by id) started evaluating.</summary>
    public int EvaluationCount(string moduleId) => _evaluations.GetValueOrDefault(moduleId);

    /// <summary>The gate a <c>// test:wait name</c> directive waits for.</summary>
    public TaskCompletionSource Gate(string name) =>
        _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    internal void Write(string line) => _log.Enqueue(line);

    /// <inheritdoc />
    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken)
    {
        Host = host;
        InitializeCount++;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Contexts[module.Id] = context;
        AllContexts.Enqueue(context);
        _evaluations.AddOrUpdate(module.Id, 1, (_, n) => n + 1);
        Write("eval:" + module.Id);
        return await new TestModuleInterpreter(this, context, code, module).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _externalLoads.Enqueue(url);
        if (Externals.TryGetValue(url, out var factory)) return Task.FromResult<IScriptObject>(factory());
        if (url.StartsWith("data:text/javascript,export default ", StringComparison.Ordinal))
        {
            var value = JsonSerializer.Deserialize<object>(url["data:text/javascript,export default ".Length..]);
            return Task.FromResult<IScriptObject>(TestScriptObject.FromValues([new("default", value is JsonElement e ? e.ToString() : value)], url));
        }
        return Task.FromException<IScriptObject>(new ScriptException("Error", $"Cannot find module '{url}'", null) { Code = "ERR_MODULE_NOT_FOUND" });
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}
