using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Tests.Breakages;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Tests.Evaluation;

/// <summary>
/// Broken evaluators, one or more per EVAL guarantee. Each decorates the reference evaluator and changes one
/// behaviour: the code it runs (a wrong wrapper), the context it is given, or the .NET views it hands out.
/// </summary>
public static class EvaluatorBreakages
{
    private const string Parameters = "'__vite_ssr_exports__', '__vite_ssr_import_meta__', '__vite_ssr_import__', '__vite_ssr_dynamic_import__', '__vite_ssr_exportAll__', '__vite_ssr_exportName__'";
    private const string Arguments = "__vite_ssr_exports__, __vite_ssr_import_meta__, __vite_ssr_import__, __vite_ssr_dynamic_import__, __vite_ssr_exportAll__, __vite_ssr_exportName__";

    public static IEnumerable<Breakage> All =>
    [
        Break("EVAL-001", "hides the default export", new() { Views = () => new HidesDefault() }),
        Break("EVAL-002", "exports object inherits from Object.prototype", new() { Code = code => "Object.setPrototypeOf(__vite_ssr_exports__, Object.prototype);" + code }),
        Break("EVAL-003", "seals the exports before the code runs", new() { Code = code => "Object.seal(__vite_ssr_exports__);" + code }),
        Break("EVAL-004", "publishes the exports after the code ran", new() { PublishLate = true }),
        Break("EVAL-005", "snapshots export values on first read", new() { Views = () => new Snapshots() }),
        Break("EVAL-006", "export * copies every key, default included, over the module's own", new()
        {
            Code = code => "__vite_ssr_exportAll__ = (m) => { for (const k in m) Object.defineProperty(__vite_ssr_exports__, k, { enumerable: true, configurable: true, get: () => m[k] }); };" + code,
        }),
        Break("EVAL-007", "dynamic import calls the static import without resolving", new() { Code = code => "__vite_ssr_dynamic_import__ = (s) => __vite_ssr_import__(String(s));" + code }),
        Break("EVAL-008", "url is the file path", new() { ImportMeta = meta => meta with { Url = meta.Filename } }),
        Break("EVAL-009", "import.meta without its throwing members", new()
        {
            Code = code => "__vite_ssr_import_meta__.env = {}; __vite_ssr_import_meta__.resolve = () => undefined; __vite_ssr_import_meta__.glob = () => ({});" + code,
        }),
        Break("EVAL-010", "drops the description's extra members", new() { ImportMeta = meta => meta with { AdditionalProperties = new Dictionary<string, object?>() } }),
        Break("EVAL-011", "no import.meta.hot", new() { ImportMeta = meta => meta with { Hot = null } }),
        Break("EVAL-012", "runs the code with this bound to globalThis", new() { Code = code => "return await (async function () {\n" + code + "\n}).call(globalThis);" }),
        Break("EVAL-013", "runs the code in sloppy mode", new()
        {
            Code = code => $"const __Sloppy = (async () => {{}}).constructor; return await new __Sloppy({Parameters}, {JsonSerializer.Serialize(code)})({Arguments});",
        }),
        Break("EVAL-014", "loses the error's message", new()
        {
            EvaluationFailure = e => new ScriptException("Error", "module failed", null),
            Views = () => new CallFailures(e => new ScriptException("Error", "call failed", null)),
        }),
        Break("EVAL-015", "error stacks skip the source-map interceptor", new() { Host = host => host with { SourceMapInterceptor = null } }),
        Break("EVAL-016", "rethrows a new error on every import", new() { ImportFailure = e => new ScriptException(e.ErrorName, e.ErrorMessage, e.ScriptStack) }),
        Break("EVAL-017", "cannot load file:// packages", new() { ExternalFailure = url => url.StartsWith("file:", StringComparison.Ordinal) ? NotFound(url) : null }),
        Break("EVAL-018", "cannot load node: builtins", new() { ExternalFailure = url => url.StartsWith("node:", StringComparison.Ordinal) ? NotFound(url) : null }),
        Break("EVAL-019", "cannot load data: URLs", new() { ExternalFailure = url => url.StartsWith("data:", StringComparison.Ordinal) ? NotFound(url) : null }),
        Break("EVAL-020", "integral numbers as long", new() { Views = () => new Reads(v => v is double d && Math.Floor(d) == d ? (long)d : v) }),
        Break("EVAL-021", "arrays as comma-joined text", new() { Views = () => new Reads(v => v is IReadOnlyList<object?> list ? string.Join(",", list) : v) }),
        Break("EVAL-022", "keys in alphabetical order", new() { Views = () => new SortedKeys() }),
        Break("EVAL-023", "functions handed out as plain objects", new() { Views = () => new NotCallable() }),
        Break("EVAL-024", "dictionaries passed as their type name", new() { Views = () => new DictionariesAsText() }),
        Break("EVAL-025", "rejected promises end the call with undefined", new() { Views = () => new SwallowsRejections() }),
        Break("EVAL-026", "errors lose their code", new() { Views = () => new CallFailures(e => new ScriptException(e.ErrorName, e.ErrorMessage, e.ScriptStack, e.ThrownValue)) }),
        Break("EVAL-027", "a new view on every read, equal only to itself", new() { Views = () => new NewViewPerRead() }),
        Break("EVAL-028", "views usable only on the thread that made them", new() { Views = () => new ThreadAffine() }),
    ];

    private static Breakage Break(string id, string name, EvaluatorBreak breakage) =>
        new(id, name, () => new BrokenEvaluatorSuite(new BrokenEvaluatorFixture(name, breakage))) { Unavailable = ReferenceEvaluator.Unavailable };

    private static ScriptException NotFound(string url) => new("Error", $"Cannot find module '{url}'", null) { Code = "ERR_MODULE_NOT_FOUND" };

    private sealed class HidesDefault : ViewRules
    {
        public override IReadOnlyList<string> Keys(IReadOnlyList<string> keys) => keys.Where(k => k != "default").ToArray();
    }

    private sealed class Snapshots : ViewRules
    {
        private readonly ConcurrentDictionary<(object, string), object?> _first = new();

        public override object? ReadProperty(View view, string name, Func<object?> read) => _first.GetOrAdd((view.Target, name), _ => read());
    }

    private sealed class Reads(Func<object?, object?> change) : ViewRules
    {
        public override object? Read(object? value) => change(value);
    }

    private sealed class SortedKeys : ViewRules
    {
        public override IReadOnlyList<string> Keys(IReadOnlyList<string> keys) => keys.Order(StringComparer.Ordinal).ToArray();
    }

    private sealed class NotCallable : ViewRules
    {
        public override bool FunctionsCallable => false;
    }

    private sealed class DictionariesAsText : ViewRules
    {
        public override object?[] Arguments(object?[] arguments) =>
            arguments.Select(a => a is IDictionary or IReadOnlyDictionary<string, object?> ? a.GetType().Name : a).ToArray();
    }

    private sealed class SwallowsRejections : ViewRules
    {
        public override async Task<object?> Call(Func<Task<object?>> call)
        {
            try
            {
                return await call();
            }
            catch (ScriptException)
            {
                return null;
            }
        }
    }

    private sealed class CallFailures(Func<ScriptException, Exception> change) : ViewRules
    {
        public override async Task<object?> Call(Func<Task<object?>> call)
        {
            try
            {
                return await call();
            }
            catch (ScriptException e)
            {
                throw change(e);
            }
        }
    }

    private sealed class NewViewPerRead : ViewRules
    {
        public override bool EqualByTarget => false;
    }

    private sealed class ThreadAffine : ViewRules
    {
        public override void OnUse(View view)
        {
            if (Environment.CurrentManagedThreadId != view.CreatedOnThread)
                throw new InvalidOperationException("This script object can only be used on the thread that created it.");
        }
    }
}

/// <summary>The reference evaluator, decorated with one breakage.</summary>
internal sealed class BrokenEvaluatorFixture(string name, EvaluatorBreak breakage) : EvaluatorConformanceFixture
{
    public override string PluginName => "broken evaluator (" + name + ")";

    // A broken evaluator may hang an import (exports never published): fail fast.
    public override TimeSpan OperationTimeout => TimeSpan.FromSeconds(5);

    protected override void ConfigureRunner(IModuleRunnerBuilder builder)
    {
        (ReferenceEvaluator.Configure ?? throw new InvalidOperationException(ReferenceEvaluator.Unavailable))(builder);
        builder.Services.PostConfigure<ModuleRunnerOptions>(builder.Name, options =>
        {
            var reference = options.Evaluator ?? throw new InvalidOperationException("The reference evaluator's configuration filled no evaluator slot.");
            options.Evaluator = new PluginSlot<IModuleEvaluator>("broken " + reference.DisplayName, services => new BrokenEvaluator(reference.Factory(services), breakage));
        });
    }
}

internal sealed class BrokenEvaluatorSuite(BrokenEvaluatorFixture fixture) : EvaluatorConformanceTests<BrokenEvaluatorFixture>(fixture);
