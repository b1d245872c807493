using Runner.Extensible.Evaluation;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.V8.Benchmarks;

/// <summary>The smallest context the evaluator needs: one module, no imports, no HMR.</summary>
internal sealed class BenchmarkModule : IModuleEvaluationContext, IEvaluatedModule
{
    // Its closures capture the import function and import.meta, as real modules' often do.
    public const string Code = """
        __vite_ssr_exportName__("add", () => { try { return add } catch {} });
        __vite_ssr_exportName__("name", () => { try { return name } catch {} });
        __vite_ssr_exportName__("lazy", () => { try { return lazy } catch {} });
        function add(a, b) { return a + b }
        const name = 'small module';
        const lazy = () => __vite_ssr_dynamic_import__(__vite_ssr_import_meta__.url + '?lazy');
        //# sourceURL=/src/small.js
        """;

    private static readonly ImportMetaDescriptor Meta = new() { Url = "file:///src/small.js", Filename = "/src/small.js", Dirname = "/src" };

    public IEvaluatedModule Module => this;

    public ImportMetaDescriptor ImportMeta => Meta;

    public string Id => "/src/small.js";

    public string Url => "/src/small.js";

    public string File => "/src/small.js";

    public IReadOnlyCollection<string> Importers => [];

    public IReadOnlyCollection<string> Imports => [];

    public bool IsEvaluated => false;

    FetchResult? IEvaluatedModule.Meta => null;

    public IScriptObject? Exports { get; private set; }

    public void PublishExports(IScriptObject exports) => Exports = exports;

    public ValueTask<IScriptObject> ImportAsync(string url, ImportMetadata? metadata = null) => throw new NotSupportedException();

    public ValueTask<IScriptObject> DynamicImportAsync(string specifier) => throw new NotSupportedException();
}
