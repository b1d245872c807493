using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>
/// Vite's <c>cachedModule</c> and <c>getModuleInformation</c>: turns a url into a graph node, asking the server's
/// <c>fetchModule</c> (with <c>cached:true</c> when the runner holds the url) unless the url is a builtin or a
/// <c>data:</c> url. Concurrent requests for one url string share one fetch.
/// </summary>
internal sealed class ModuleFetcher
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Task<EvaluatedModuleNode>> _inFlight = new(StringComparer.Ordinal);
    private readonly EvaluatedModules _graph;
    private readonly BuiltinModules _builtins;
    private readonly Func<string, JsonElement, CancellationToken, Task<JsonElement>> _invoke;
    private readonly int? _startOffset;
    private readonly Func<bool> _isClosed;
    private readonly CancellationToken _lifetime;
    private readonly ILogger _logger;
    private readonly string _runnerName;

    /// <summary>Creates the fetcher.</summary>
    public ModuleFetcher(
        EvaluatedModules graph,
        BuiltinModules builtins,
        Func<string, JsonElement, CancellationToken, Task<JsonElement>> invoke,
        int? startOffset,
        Func<bool> isClosed,
        CancellationToken lifetime,
        ILogger logger,
        string runnerName)
    {
        _graph = graph;
        _builtins = builtins;
        _invoke = invoke;
        _startOffset = startOffset;
        _isClosed = isClosed;
        _lifetime = lifetime;
        _logger = logger;
        _runnerName = runnerName;
    }

    /// <summary>
    /// Vite's <c>cachedModule(url, importer)</c>: the node for <paramref name="url"/>, sharing a fetch already in
    /// flight for the same url string.
    /// </summary>
    /// <param name="url">The specifier exactly as imported.</param>
    /// <param name="importer">The importing module's file (or id); <c>null</c> for top-level imports.</param>
    public Task<EvaluatedModuleNode> CachedModuleAsync(string url, string? importer)
    {
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
        _ = FetchIntoAsync(url, importer, _graph.GetModuleByUrl(url), fetch);
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
        var isCached = cachedModule?.Meta is not null;
        var fetched = url.StartsWith("data:", StringComparison.Ordinal) || _builtins.IsBuiltin(url)
            ? new ExternalFetchResult(url, "builtin")
            : await FetchModuleAsync(url, importer, isCached).ConfigureAwait(false);

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

    private async Task<FetchResult> FetchModuleAsync(string url, string? importer, bool cached)
    {
        var result = await _invoke("fetchModule", FetchModuleArguments(url, importer, cached, _startOffset), _lifetime).ConfigureAwait(false);
        if (result.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            throw new ProtocolException($"fetchModule for \"{url}\" returned no result; expected {{\"cache\":true}}, {{\"externalize\",\"type\"}} or {{\"code\",\"file\",\"id\",\"url\",\"invalidate\"}}.");
        try
        {
            return ProtocolJson.ParseFetchResult(result);
        }
        catch (ProtocolException ex)
        {
            var detail = ex.InnerException?.Message ?? ex.Message;
            throw new ProtocolException($"fetchModule for \"{url}\" returned a malformed result: {detail} (got {Truncate(result.GetRawText())}).", ex);
        }
    }

    /// <summary>Vite's arguments: <c>[url, importer|null, {"cached":…,"startOffset":…}]</c>, <c>startOffset</c> omitted when unknown.</summary>
    internal static JsonElement FetchModuleArguments(string url, string? importer, bool cached, int? startOffset)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping writes urls as JSON.stringify does (no \u003C for "<", no escapes for non-ASCII).
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(url);
            if (importer is null) writer.WriteNullValue(); else writer.WriteStringValue(importer);
            writer.WriteStartObject();
            writer.WriteBoolean("cached", cached);
            if (startOffset is { } offset) writer.WriteNumber("startOffset", offset);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
