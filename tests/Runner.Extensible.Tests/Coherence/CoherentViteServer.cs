using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

namespace Runner.Extensible.Tests.Coherence;

/// <summary>
/// The plugin's cache-coherence extension (PROTOCOL.md §7, as <c>lib/coherence.js</c> implements it) on top of a
/// <see cref="FakeViteServer"/>, for one connection: <c>runnerExtensible:fetchModules</c> with prefetching of static
/// imports, the held and stale sets, <c>invalidated</c> and <c>noticeSeq</c> in answers, and
/// <c>runner-extensible:invalidate</c> notices pushed on the connection the moment a held module is invalidated
/// (<see cref="FakeViteServer.Edit"/>, <see cref="FakeViteServer.Invalidate"/>).
/// </summary>
internal sealed partial class CoherentViteServer
{
    public const string Method = "runnerExtensible:fetchModules";
    public const string NoticeEvent = "runner-extensible:invalidate";

    private readonly object _gate = new();
    private readonly FakeViteServer _server;
    private readonly Dictionary<string, long> _lastInvalidated = new(StringComparer.Ordinal);
    private readonly List<string> _heldNotices = [];
    private ConnectionState _state = new();
    private long _epoch;

    public CoherentViteServer(FakeViteServer server)
    {
        _server = server;
        server.Intercept = HandleAsync;
        server.ModuleInvalidated += OnInvalidated;
    }

    /// <summary>The <c>graph</c> answers carry (PROTOCOL.md §7.2); <c>null</c> answers without one, as an older plugin does.</summary>
    public string? Graph { get; set; } = "graph-1";

    /// <summary>The connection notices go to.</summary>
    public InMemoryDuplexTransport? Connection { get; set; }

    /// <summary>
    /// HTTP-like: notices travel apart from answers and arrive late. They are numbered when the invalidation happens
    /// but only delivered by <see cref="ReleaseNotices"/>.
    /// </summary>
    public bool HoldNotices { get; set; }

    /// <summary>Runs after the answer's modules were fetched and before it is assembled (to invalidate "while the call runs").</summary>
    public Func<Task>? BeforeAssembling { get; set; }

    /// <summary>The <c>runnerExtensible:fetchModules</c> calls, in arrival order.</summary>
    public IReadOnlyList<InvokeCall> Calls => _server.Calls.Where(c => c.Method == Method).ToArray();

    /// <summary>The urls each call requested, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RequestedUrls =>
        Calls.Select(c => (IReadOnlyList<string>)c.Arguments[0].EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToArray()).ToArray();

    /// <summary>Every notice pushed, as JSON.</summary>
    public List<string> NoticesSent { get; } = [];

    /// <summary>The ids the connection holds, as the server sees it.</summary>
    public IReadOnlyCollection<string> Held { get { lock (_gate) return _state.Held.ToArray(); } }

    /// <summary>The ids the connection held when they were invalidated.</summary>
    public IReadOnlyCollection<string> Stale { get { lock (_gate) return _state.Stale.ToArray(); } }

    /// <summary>The socket was replaced (the runner reconnected): the new connection starts from nothing.</summary>
    public void NewConnection()
    {
        lock (_gate)
        {
            _state = new ConnectionState();
            _heldNotices.Clear();
        }
    }

    /// <summary>Delivers the notices <see cref="HoldNotices"/> kept back.</summary>
    public void ReleaseNotices()
    {
        string[] notices;
        lock (_gate)
        {
            notices = [.. _heldNotices];
            _heldNotices.Clear();
        }
        foreach (var notice in notices) Connection!.Push(notice);
    }

    /// <summary>Pushes a notice that everything is stale (Vite replaced its module graph under an open connection).</summary>
    public void InvalidateAll()
    {
        string notice;
        lock (_gate)
        {
            _epoch++;
            _state.Held.Clear();
            _state.Stale.Clear();
            notice = Notice(++_state.Seq, all: true, []);
        }
        Send(notice);
    }

    private void OnInvalidated(string id)
    {
        string? notice = null;
        lock (_gate)
        {
            _lastInvalidated[id] = ++_epoch;
            if (_state.Held.Remove(id))
            {
                _state.Stale.Add(id);
                notice = Notice(++_state.Seq, all: false, [id]);
            }
        }
        if (notice is not null) Send(notice);
    }

    private void Send(string notice)
    {
        lock (_gate)
        {
            NoticesSent.Add(notice);
            if (HoldNotices)
            {
                _heldNotices.Add(notice);
                return;
            }
        }
        Connection?.Push(notice);
    }

    private static string Notice(long seq, bool all, IReadOnlyList<string> ids)
    {
        var data = new JsonObject { ["seq"] = seq };
        if (all) data["all"] = true;
        else data["modules"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["url"] = id, ["file"] = id }).ToArray());
        return new JsonObject { ["type"] = "custom", ["event"] = NoticeEvent, ["data"] = data }.ToJsonString();
    }

    private async Task<JsonElement?> HandleAsync(InvokeCall call)
    {
        if (call.Method != Method) return null;
        var requests = call.Arguments[0].EnumerateArray().Select(r => (
            Url: r.GetProperty("url").GetString()!,
            Importer: r.TryGetProperty("importer", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null,
            Cached: r.TryGetProperty("cached", out var c) && c.ValueKind == JsonValueKind.True)).ToList();
        var options = call.Arguments[1];

        long startEpoch;
        var modules = new List<(string Url, string? Importer, JsonElement Response, string? HeldId)>();
        lock (_gate)
        {
            if (options.TryGetProperty("dropped", out var dropped))
            {
                foreach (var id in dropped.EnumerateArray().Select(d => d.GetString()!))
                {
                    _state.Held.Remove(id);
                    _state.Stale.Remove(id);
                }
            }
            startEpoch = _epoch;
            foreach (var request in requests) modules.Add(Answer(request.Url, request.Importer, request.Cached));
            if (!(options.TryGetProperty("prefetch", out var prefetch) && prefetch.ValueKind == JsonValueKind.False)) Prefetch(modules);
        }
        if (BeforeAssembling is { } before) await before();

        lock (_gate)
        {
            var invalidated = new JsonArray();
            var entries = new JsonArray();
            foreach (var (url, importer, response, heldId) in modules)
            {
                var entry = JsonNode.Parse(response.GetRawText())!.AsObject();
                entry["url"] = url;
                entry["importer"] = importer;
                entries.Add(entry);
                if (heldId is null) continue;
                if (_lastInvalidated.GetValueOrDefault(heldId) > startEpoch)
                {
                    _state.Held.Remove(heldId);
                    _state.Stale.Add(heldId);
                    invalidated.Add(new JsonObject { ["id"] = heldId, ["url"] = heldId, ["file"] = heldId });
                }
                else
                {
                    _state.Held.Add(heldId);
                    _state.Stale.Remove(heldId);
                }
            }
            var result = new JsonObject { ["modules"] = entries, ["invalidated"] = invalidated, ["noticeSeq"] = _state.Seq };
            if (Graph is { } graph) result["graph"] = graph;
            return FakeViteServer.Result(result);
        }
    }

    /// <summary>One request, answered as §7.2 says (under the lock).</summary>
    private (string, string?, JsonElement, string?) Answer(string url, string? importer, bool cached)
    {
        var id = _server.IdOf(url);
        if (cached && id is not null && _state.Held.Contains(id))
            return (url, importer, FakeViteServer.Result(new JsonObject { ["cache"] = true }), id);
        var staleHere = id is not null && _state.Stale.Contains(id);
        var response = _server.AnswerFetchModule(url, importer, cached && !staleHere);
        if (!response.TryGetProperty("result", out var result)) return (url, importer, response, null);
        if (result.TryGetProperty("cache", out _)) return (url, importer, response, id);
        if (!result.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String) return (url, importer, response, null);
        if (staleHere)
        {
            var withInvalidate = JsonNode.Parse(result.GetRawText())!.AsObject();
            withInvalidate["invalidate"] = true;
            response = FakeViteServer.Result(withInvalidate);
        }
        return (url, importer, response, result.GetProperty("id").GetString());
    }

    /// <summary>The static imports of every delivered code, transitively, that the connection neither holds nor has stale.</summary>
    private void Prefetch(List<(string Url, string? Importer, JsonElement Response, string? HeldId)> modules)
    {
        var seen = new HashSet<string>(modules.Select(m => m.Url), StringComparer.Ordinal);
        var queue = new Queue<JsonElement>(modules.Select(m => m.Response).Where(HasCode));
        while (queue.Count > 0)
        {
            var result = queue.Dequeue().GetProperty("result");
            var importer = result.GetProperty("file").GetString() ?? result.GetProperty("id").GetString();
            foreach (Match match in ImportCall().Matches(result.GetProperty("code").GetString()!))
            {
                var spec = JsonSerializer.Deserialize<string>(match.Groups[1].Value)!;
                if (!seen.Add(spec) || spec.StartsWith("data:", StringComparison.Ordinal) || spec.StartsWith("node:", StringComparison.Ordinal) || spec == "fs") continue;
                var id = _server.IdOf(spec);
                if (id is not null && (_state.Held.Contains(id) || _state.Stale.Contains(id))) continue;
                var response = _server.AnswerFetchModule(spec, importer, cached: false);
                if (!response.TryGetProperty("result", out var fetched)) continue;
                var fetchedId = fetched.TryGetProperty("id", out var fid) ? fid.GetString() : null;
                modules.Add((spec, importer, response, HasCode(response) ? fetchedId : null));
                if (HasCode(response)) queue.Enqueue(response);
            }
        }
    }

    private static bool HasCode(JsonElement response) =>
        response.TryGetProperty("result", out var result) && result.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String;

    [GeneratedRegex("""__vite_ssr_import__\(\s*("(?:[^"\\\n]|\\.)*")""")]
    private static partial Regex ImportCall();

    private sealed class ConnectionState
    {
        public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Stale { get; } = new(StringComparer.Ordinal);

        public long Seq { get; set; }
    }
}
