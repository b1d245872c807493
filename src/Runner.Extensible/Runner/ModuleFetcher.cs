using Microsoft.Extensions.Logging;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>
/// Vite's <c>cachedModule</c> and <c>getModuleInformation</c>: turns a url into a graph node, asking the module
/// source (the server's <c>fetchModule</c>, or a coherent code cache) unless the url is a builtin or a
/// <c>data:</c> url. Concurrent requests for one url string share one fetch. What the source answers is applied
/// to the graph exactly as Vite applies a <c>fetchModule</c> result.
/// </summary>
internal sealed class ModuleFetcher
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Task<EvaluatedModuleNode>> _inFlight = new(StringComparer.Ordinal);
    private readonly EvaluatedModules _graph;
    private readonly BuiltinModules _builtins;
    private readonly IModuleSource _source;
    private readonly Func<bool> _isClosed;
    private readonly ILogger _logger;
    private readonly string _runnerName;

    /// <summary>Creates the fetcher.</summary>
    public ModuleFetcher(EvaluatedModules graph, BuiltinModules builtins, IModuleSource source, Func<bool> isClosed, ILogger logger, string runnerName)
    {
        _graph = graph;
        _builtins = builtins;
        _source = source;
        _isClosed = isClosed;
        _logger = logger;
        _runnerName = runnerName;
    }

    /// <summary>
    /// Vite's <c>cachedModule(url, importer)</c>: the node for <paramref name="url"/>, sharing a fetch already in
    /// flight for the same url string. A module the source may answer without a round trip is resolved at once.
    /// </summary>
    /// <param name="url">The specifier exactly as imported.</param>
    /// <param name="importer">The importing module's file (or id); <c>null</c> for top-level imports.</param>
    public Task<EvaluatedModuleNode> CachedModuleAsync(string url, string? importer)
    {
        var cachedModule = _graph.GetModuleByUrl(url);
        if (_source.TryGetHeld(url, cachedModule, out var held))
        {
            // No round trip, so no await: an import of a held module costs no task, lock or log of the slow path.
            try
            {
                if (_isClosed()) throw RunnerErrors.Closed();
                return Task.FromResult(Apply(url, held, cachedModule));
            }
            catch (Exception ex)
            {
                return Task.FromException<EvaluatedModuleNode>(ex);
            }
        }

        TaskCompletionSource<EvaluatedModuleNode> fetch;
        lock (_gate)
        {
            if (_inFlight.TryGetValue(url, out var shared))
            {
                RunnerLog.UsingCachedModuleInfo(_logger, _runnerName, url);
                return shared;
            }
            fetch = new TaskCompletionSource<EvaluatedModuleNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight[url] = fetch.Task;
        }
        _ = FetchIntoAsync(url, importer, cachedModule, fetch);
        return fetch.Task;
    }

    private async Task FetchIntoAsync(string url, string? importer, EvaluatedModuleNode? cachedModule, TaskCompletionSource<EvaluatedModuleNode> fetch)
    {
        EvaluatedModuleNode? node = null;
        Exception? failure = null;
        try
        {
            node = await GetModuleInformationAsync(url, importer, cachedModule).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        // Vite removes the entry in a finally before awaiting callers resume.
        lock (_gate) _inFlight.Remove(url);
        if (failure is null) fetch.SetResult(node!);
        else fetch.SetException(failure);
    }

    private async Task<EvaluatedModuleNode> GetModuleInformationAsync(string url, string? importer, EvaluatedModuleNode? cachedModule)
    {
        if (_isClosed()) throw RunnerErrors.Closed();
        await _builtins.EnsureAsync().ConfigureAwait(false);
        RunnerLog.Fetching(_logger, _runnerName, url);
        var fetched = url.StartsWith("data:", StringComparison.Ordinal) || _builtins.IsBuiltin(url)
            ? new ExternalFetchResult(url, "builtin")
            : await _source.FetchAsync(url, importer, cachedModule).ConfigureAwait(false);
        return Apply(url, fetched, cachedModule);
    }

    /// <summary>Vite's handling of a <c>fetchModule</c> answer: reuse, or ensure the node, invalidate it if asked, set its meta.</summary>
    private EvaluatedModuleNode Apply(string url, FetchResult fetched, EvaluatedModuleNode? cachedModule)
    {
        if (fetched is CachedFetchResult)
        {
            if (cachedModule?.Meta is null) throw RunnerErrors.MistakenlyInvalidated(url);
            return cachedModule;
        }

        var (moduleId, moduleUrl) = fetched switch
        {
            ExternalFetchResult external => (external.Externalize, url),
            InlinedFetchResult inlined => (inlined.Id, inlined.Url),
            _ => throw new ProtocolException($"fetchModule for \"{url}\" returned an unsupported result type {fetched.GetType().Name}."),
        };
        var module = _graph.EnsureModule(moduleId, moduleUrl);
        if (fetched is InlinedFetchResult { Invalidate: true }) _graph.InvalidateModule(module);
        lock (module.SyncRoot) module.Meta = fetched;
        return module;
    }
}
