using Microsoft.Extensions.Logging;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible;

/// <summary>
/// Vite's <c>cachedRequest</c> and <c>directRequest</c>: evaluates a module once, shares the evaluation with
/// every concurrent importer, hands a circular importer the partially populated exports, and caches a failure
/// so that later imports rethrow the same exception instance.
/// </summary>
internal sealed class ModuleRequests
{
    private readonly EvaluatedModules _graph;
    private readonly ModuleFetcher _fetcher;
    private readonly IModuleEvaluator _evaluator;
    private readonly IImportMetaFactory _importMetaFactory;
    private readonly Func<IHotUpdateClient?> _hot;
    private readonly ILogger _logger;
    private readonly string _runnerName;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _lifetime;

    /// <summary>Creates the request logic.</summary>
    public ModuleRequests(
        EvaluatedModules graph,
        ModuleFetcher fetcher,
        IModuleEvaluator evaluator,
        IImportMetaFactory importMetaFactory,
        Func<IHotUpdateClient?> hot,
        ILogger logger,
        string runnerName,
        TimeProvider timeProvider,
        CancellationToken lifetime)
    {
        _graph = graph;
        _fetcher = fetcher;
        _evaluator = evaluator;
        _importMetaFactory = importMetaFactory;
        _hot = hot;
        _logger = logger;
        _runnerName = runnerName;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
    }

    /// <summary>Vite's <c>import(url)</c>: fetch (or reuse) the module, then evaluate it (or reuse the evaluation).</summary>
    /// <param name="url">The url as the caller wrote it.</param>
    public async Task<IScriptObject> ImportAsync(string url)
    {
        var module = await _fetcher.CachedModuleAsync(url, importer: null).ConfigureAwait(false);
        return await CachedRequestAsync(url, module, [], metadata: null).ConfigureAwait(false);
    }

    /// <summary>
    /// Vite's <c>request(dep, metadata)</c> inside <c>directRequest</c>: an import made by a module's code. Records
    /// the edge both ways, then requests the dependency with the importer's callstack.
    /// </summary>
    internal async Task<IScriptObject> ImportFromModuleAsync(string url, string importerFile, EvaluatedModuleNode importer, IReadOnlyList<string> callstack, ImportMetadata? metadata)
    {
        var dependency = await _fetcher.CachedModuleAsync(url, importerFile).ConfigureAwait(false);
        dependency.AddImporter(importer.Id);
        importer.AddImport(dependency.Id);
        return await CachedRequestAsync(url, dependency, callstack, metadata).ConfigureAwait(false);
    }

    /// <summary>Vite's <c>cachedRequest(url, mod, callstack, metadata)</c>.</summary>
    internal async Task<IScriptObject> CachedRequestAsync(string url, EvaluatedModuleNode module, IReadOnlyList<string> callstack, ImportMetadata? metadata)
    {
        if (callstack.Count > 0) module.AddImporter(callstack[^1]);

        FetchResult? meta;
        Task<IScriptObject>? existing;
        bool evaluated;
        IScriptObject? partialExports;
        TaskCompletionSource<IScriptObject>? started = null;
        // "Is it in flight? Otherwise start it" must be one step: unlike Vite's single thread, importers race here.
        lock (module.SyncRoot)
        {
            meta = module.Meta;
            existing = module.Promise;
            evaluated = module.IsEvaluated;
            partialExports = module.Exports;
            if (meta is not null && existing is null)
            {
                started = new TaskCompletionSource<IScriptObject>();
                module.Promise = started.Task;
                module.IsEvaluated = false;
            }
        }
        // The node was invalidated between its fetch and this request (an HMR update or ClearCache raced it).
        if (meta is null) throw RunnerErrors.MistakenlyInvalidated(url);

        if (started is not null)
        {
            _ = RunDirectRequestAsync(url, module, meta, callstack, started);
            return ExternalImportCheck.Process(await started.Task.ConfigureAwait(false), meta, url, metadata);
        }

        if (evaluated) return ExternalImportCheck.Process(await existing!.ConfigureAwait(false), meta, url, metadata);

        var onCallstack = callstack.Contains(module.Id);
        if (partialExports is not null && (onCallstack || CircularImports.IsCircularRequest(_graph, module, callstack)))
            return ExternalImportCheck.Process(partialExports, meta, url, metadata);
        if (onCallstack) throw RunnerErrors.CircularBeforeExportsPublished(url, module.Id);
        return ExternalImportCheck.Process(await existing!.ConfigureAwait(false), meta, url, metadata);
    }

    private async Task RunDirectRequestAsync(string url, EvaluatedModuleNode module, FetchResult meta, IReadOnlyList<string> callstack, TaskCompletionSource<IScriptObject> evaluation)
    {
        using var slow = SlowModuleWarning.Start(_logger, _runnerName, _timeProvider, module.Id, callstack);
        IScriptObject? exports = null;
        Exception? failure = null;
        try
        {
            exports = await DirectRequestAsync(url, module, meta, callstack).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        // Vite sets `evaluated = true` in a finally, success or not. Skip it when the node was invalidated meanwhile:
        // its evaluation state now belongs to the next instance.
        lock (module.SyncRoot)
        {
            if (ReferenceEquals(module.Promise, evaluation.Task)) module.IsEvaluated = true;
        }
        if (failure is null) evaluation.SetResult(exports!);
        else evaluation.SetException(failure);
    }

    /// <summary>Vite's <c>directRequest(url, mod, callstack)</c>: runs the module (inlined or externalized).</summary>
    private async Task<IScriptObject> DirectRequestAsync(string url, EvaluatedModuleNode module, FetchResult meta, IReadOnlyList<string> parentCallstack)
    {
        IReadOnlyList<string> callstack = [.. parentCallstack, module.Id];
        switch (meta)
        {
            case ExternalFetchResult external:
            {
                RunnerLog.Externalizing(_logger, _runnerName, external.Externalize);
                var exports = await _evaluator.RunExternalModuleAsync(external.Externalize, _lifetime).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The evaluator returned no namespace for the externalized module \"{external.Externalize}\".");
                lock (module.SyncRoot) module.Exports = exports;
                return exports;
            }
            case InlinedFetchResult inlined:
            {
                if (inlined.Code is null)
                    throw RunnerErrors.FailedToLoad(url, callstack.Count >= 2 ? callstack[^2] : null);
                var modulePath = ModuleIds.CleanUrl(string.IsNullOrEmpty(inlined.File) ? inlined.Id : inlined.File);
                var importMeta = _importMetaFactory.Create(modulePath, module)
                    ?? throw new InvalidOperationException($"The import.meta factory returned nothing for \"{modulePath}\".");
                if (_hot() is { } hot) importMeta = importMeta with { Hot = hot.CreateHotContext(module.Url) };
                var context = new ModuleEvaluationContext(this, url, module, inlined, callstack, importMeta);
                RunnerLog.Executing(_logger, _runnerName, importMeta.Url);
                var returned = await _evaluator.RunInlinedModuleAsync(context, inlined.Code, module, _lifetime).ConfigureAwait(false);
                var exports = context.PublishedExports ?? returned
                    ?? throw new InvalidOperationException($"The evaluator neither published nor returned an exports object for \"{module.Id}\".");
                if (context.PublishedExports is null)
                {
                    lock (module.SyncRoot) module.Exports = exports;
                }
                return exports;
            }
            default:
                throw new ProtocolException($"Cannot evaluate \"{url}\": its fetch result is {meta.GetType().Name}.");
        }
    }
}
