using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible;

/// <summary>
/// The context of one module instance (the values Vite's <c>directRequest</c> hands <c>runInlinedModule</c>):
/// its import functions, its <c>import.meta</c> and where its exports object is published.
/// </summary>
internal sealed class ModuleEvaluationContext : IModuleEvaluationContext
{
    private readonly ModuleRequests _requests;
    private readonly string _url;
    private readonly EvaluatedModuleNode _module;
    private readonly string _importer;
    private readonly IReadOnlyList<string> _callstack;
    private IScriptObject? _exports;

    /// <summary>Creates the context.</summary>
    /// <param name="requests">Carries out the imports.</param>
    /// <param name="url">The url the module was imported by (relative dynamic imports resolve against it).</param>
    /// <param name="module">The module.</param>
    /// <param name="meta">Its fetch result.</param>
    /// <param name="callstack">The ids of the modules being evaluated, outermost first, ending with this one.</param>
    /// <param name="importMeta">Its <c>import.meta</c>.</param>
    public ModuleEvaluationContext(ModuleRequests requests, string url, EvaluatedModuleNode module, InlinedFetchResult meta, IReadOnlyList<string> callstack, ImportMetaDescriptor importMeta)
    {
        _requests = requests;
        _url = url;
        _module = module;
        // Vite sends `fetchResult.file || moduleId` as the importer of this module's imports.
        _importer = string.IsNullOrEmpty(meta.File) ? meta.Id : meta.File;
        _callstack = callstack;
        ImportMeta = importMeta;
    }

    /// <inheritdoc />
    public IEvaluatedModule Module => _module;

    /// <inheritdoc />
    public ImportMetaDescriptor ImportMeta { get; }

    /// <summary>The exports object the evaluator published, if it did.</summary>
    public IScriptObject? PublishedExports => Volatile.Read(ref _exports);

    /// <inheritdoc />
    public void PublishExports(IScriptObject exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        if (Interlocked.CompareExchange(ref _exports, exports, null) is not null)
            throw new InvalidOperationException($"The exports of \"{_module.Id}\" were already published; an evaluator publishes a module's exports object exactly once, before running its code.");
        lock (_module.SyncRoot) _module.Exports = exports;
    }

    /// <inheritdoc />
    public ValueTask<IScriptObject> ImportAsync(string url, ImportMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new ValueTask<IScriptObject>(_requests.ImportFromModuleAsync(url, _importer, _module, _callstack, metadata));
    }

    /// <inheritdoc />
    public ValueTask<IScriptObject> DynamicImportAsync(string specifier)
    {
        ArgumentNullException.ThrowIfNull(specifier);
        // Vite: a specifier starting with "." resolves against the posix dirname of the url used to import this module.
        if (specifier.StartsWith('.')) specifier = ModuleIds.PosixResolve(ModuleIds.PosixDirname(_url), specifier);
        return ImportAsync(specifier, new ImportMetadata(IsDynamicImport: true));
    }
}
