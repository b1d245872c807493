using System.Text.Json;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Coherence;

/// <summary>Whether the current connection can use the cache-coherence extension.</summary>
internal enum CoherenceSupport
{
    /// <summary>Not known until the first <c>runnerExtensible:fetchModules</c> on this connection answers.</summary>
    Unknown,

    /// <summary>The server answered: coherent fetching on this connection.</summary>
    Supported,

    /// <summary>The server lacks the method (or cannot tie calls to this connection): Vite's fetching on this connection.</summary>
    Unsupported,

    /// <summary>The transport cannot carry notices: Vite's fetching for good.</summary>
    Disabled,
}

/// <summary>
/// The runner's code cache and what it knows about the server's view of it (the plugin's PROTOCOL.md §7.4): which
/// modules the current connection holds, which the server has since invalidated, the notices applied, and the
/// ids to report as dropped. Thread-safe: notices arrive on the transport's thread, answers and imports on any.
/// </summary>
/// <remarks>
/// A module is <em>trusted</em> (used with no round trip) when an answer on the current connection delivered or
/// confirmed it, no later notice or <c>invalidated</c> entry named it, and every notice the server sent before
/// the latest answer has been applied. Notices are ordered against answers by their sequence numbers, so a notice
/// that overtakes the answer it follows in the runner (the answer's continuation runs later) still wins.
/// </remarks>
internal sealed class HeldModules
{
    private static readonly CachedFetchResult CacheHit = new();

    private readonly object _gate = new();
    private readonly Dictionary<string, HeldModule> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeldModule> _byUrl = new(StringComparer.Ordinal);
    // Per connection: the seq of the latest notice naming each id, to order notices against answers.
    private readonly Dictionary<string, long> _lastNoticeSeq = new(StringComparer.Ordinal);
    // Ids dropped by a call, and that call's number: an answer to an earlier call cannot vouch for them any more.
    private readonly Dictionary<string, long> _droppedAtCall = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingDropped = new(StringComparer.Ordinal);
    private long _generation = 1;
    private CoherenceSupport _support;
    private long _appliedSeq;
    private long _maxNoticeSeq;
    private long _allSeq;
    private long _calls;
    private bool _confirmOnNextCall;
    private TaskCompletionSource? _caughtUp;
    // The server graph that answered last (PROTOCOL.md §7.2 "graph"), and whether one answered since the last
    // confirmation that was not the graph before it (Vite restarted).
    private string? _graph;
    private bool _graphReplaced;

    /// <summary>Which connection the runner is on: 1 for the first, one more for every reconnect.</summary>
    public long Generation { get { lock (_gate) return _generation; } }

    /// <summary>Whether the current connection uses the extension.</summary>
    public CoherenceSupport Support { get { lock (_gate) return _support; } }

    /// <summary>How many modules are held (any state).</summary>
    public int Count { get { lock (_gate) return _byId.Count; } }

    /// <summary>Rule 4: an answer named a notice that has not arrived yet (only when notices and answers travel apart).</summary>
    public bool NoticesBehind { get { lock (_gate) return _appliedSeq < _maxNoticeSeq; } }

    /// <summary>The held module for a server id (tests and diagnostics).</summary>
    public HeldModule? GetById(string id) { lock (_gate) return _byId.GetValueOrDefault(id); }

    /// <summary>Ids waiting to be reported as dropped (tests and diagnostics).</summary>
    public IReadOnlyCollection<string> PendingDropped { get { lock (_gate) return _pendingDropped.ToArray(); } }

    /// <summary>The transport cannot carry notices: never trust anything.</summary>
    public void Disable()
    {
        lock (_gate) _support = CoherenceSupport.Disabled;
    }

    /// <summary>The server of <paramref name="generation"/> lacks the extension; <c>true</c> the first time it is learnt.</summary>
    public bool MarkUnsupported(long generation)
    {
        lock (_gate)
        {
            if (generation != _generation || _support != CoherenceSupport.Unknown) return false;
            _support = CoherenceSupport.Unsupported;
            return true;
        }
    }

    /// <summary>
    /// Rule 1: serves <paramref name="url"/> with no round trip when it is trusted. The answer is what <c>fetchModule</c>
    /// would say: <c>{cache:true}</c> when the graph's node is the held module's, the code otherwise (with
    /// <c>invalidate:true</c> once after the server re-transformed it).
    /// </summary>
    public bool TryServe(string url, EvaluatedModuleNode? cachedModule, out FetchResult result)
    {
        lock (_gate)
        {
            if (_support == CoherenceSupport.Supported
                && _appliedSeq >= _maxNoticeSeq
                && _byUrl.TryGetValue(url, out var module)
                && IsTrusted(module))
            {
                result = Serve(module, cachedModule);
                return true;
            }
        }
        result = null!;
        return false;
    }

    /// <summary>Rule 4: waits up to <paramref name="limit"/> for the notices an answer announced.</summary>
    public async Task WaitForNoticesAsync(TimeSpan limit, TimeProvider timeProvider)
    {
        Task caughtUp;
        lock (_gate)
        {
            if (_appliedSeq >= _maxNoticeSeq) return;
            _caughtUp ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            caughtUp = _caughtUp.Task;
        }
        try
        {
            await caughtUp.WaitAsync(limit, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Held modules stay unconfirmed: the caller fetches with cached:true, which the server answers correctly.
        }
    }

    /// <summary>
    /// Starts a call for <paramref name="url"/>: numbers it, takes the ids to report as dropped and builds the
    /// requests. The first is the caller's (<c>cached:true</c> when a copy is held, here or as the graph's
    /// <c>meta</c>); then every other module the server has invalidated since delivering it, so that one round trip
    /// brings back everything an edit touched (the server does not prefetch what it knows the runner holds); and, on
    /// the first call after a reconnect, every module held from the earlier connection, so that the new connection
    /// confirms them all at once, with Vite's own answers (<c>{cache:true}</c>, or the code with <c>invalidate</c>)
    /// rather than one round trip each, and before a prefetch could deliver one of them without saying whether it
    /// changed. Their answers are only stored: the graph sees them when, and if, they are imported again.
    /// </summary>
    public FetchCall BeginCall(string url, string? importer, EvaluatedModuleNode? cachedModule)
    {
        lock (_gate)
        {
            var cached = _byUrl.ContainsKey(url) || cachedModule?.Meta is not null;
            var requests = new List<ModuleRequest> { new(url, importer, cached) };
            var own = _byUrl.GetValueOrDefault(url);
            var confirming = TakeConfirmOnNextCall();
            foreach (var module in _byId.Values)
            {
                if (requests.Count >= MaxRefreshedPerCall) break;
                var refresh = module.Generation == _generation ? module.Stale : confirming;
                if (refresh && !ReferenceEquals(module, own) && module.Result is InlinedFetchResult inlined)
                    requests.Add(new ModuleRequest(inlined.Url, null, Cached: true));
            }
            return StartCall(requests, confirming);
        }
    }

    /// <summary>
    /// Starts a call that asks the server about every inlined module held (<c>cached:true</c>, up to
    /// <see cref="MaxRefreshedPerCall"/>), for the check after a reconnect; <c>null</c> when nothing is held. It also
    /// counts as the first call after a reconnect (rule 5), since it confirms everything held.
    /// </summary>
    public FetchCall? BeginConfirmation()
    {
        lock (_gate)
        {
            var requests = new List<ModuleRequest>();
            foreach (var module in _byId.Values)
            {
                if (requests.Count >= MaxRefreshedPerCall) break;
                if (module.Result is InlinedFetchResult inlined) requests.Add(new ModuleRequest(inlined.Url, null, Cached: true));
            }
            return requests.Count == 0 ? null : StartCall(requests, TakeConfirmOnNextCall());
        }
    }

    /// <summary>Whether the next call is the first since a reconnect (rule 5); the call that asks takes it.</summary>
    private bool TakeConfirmOnNextCall()
    {
        var confirming = _confirmOnNextCall;
        _confirmOnNextCall = false;
        return confirming;
    }

    /// <summary>Numbers a new call and hands it the ids to report as dropped (the server forgets them first).</summary>
    private FetchCall StartCall(List<ModuleRequest> requests, bool confirming)
    {
        var number = ++_calls;
        var dropped = _pendingDropped.Count == 0 ? [] : _pendingDropped.ToArray();
        _pendingDropped.Clear();
        foreach (var id in dropped) _droppedAtCall[id] = number;
        return new FetchCall(_generation, number, requests, dropped) { Confirming = confirming };
    }

    /// <summary>How many invalidated modules one call brings back besides the one imported.</summary>
    internal const int MaxRefreshedPerCall = 4096;

    /// <summary>A call failed before answering: the ids it was to report as dropped are reported by the next one.</summary>
    public void FailCall(FetchCall call)
    {
        lock (_gate)
        {
            if (call.Generation != _generation) return;
            if (call.Confirming) _confirmOnNextCall = true;
            foreach (var id in call.Dropped)
            {
                if (!_byId.ContainsKey(id)) _pendingDropped.Add(id);
            }
        }
    }

    /// <summary>
    /// Applies an answer (rules 2 and 3) and returns what <c>fetchModule</c> would have answered the call's first
    /// request (the import that made the call), or the server's error for it.
    /// </summary>
    /// <param name="call">The call it answers.</param>
    /// <param name="answer">The answer.</param>
    /// <param name="cachedModule">The graph's node for the first request's url, if any.</param>
    public RequestOutcome Apply(FetchCall call, FetchModulesAnswer answer, EvaluatedModuleNode? cachedModule)
    {
        lock (_gate)
        {
            var (imported, outcome) = ApplyLocked(call, answer, cachedModule);
            return outcome ?? RequestOutcome.Answered(Serve(imported!, cachedModule));
        }
    }

    /// <summary>
    /// Applies the answer to a <see cref="BeginConfirmation"/> call (rules 2 and 3; nothing is imported, so nothing is
    /// served) and says whether the server still had every module asked about unchanged: every one answered
    /// <c>{cache:true}</c> and none was invalidated while the call ran.
    /// </summary>
    public bool ApplyConfirmation(FetchCall call, FetchModulesAnswer answer)
    {
        lock (_gate)
        {
            ApplyLocked(call, answer, cachedModule: null);
            var replaced = _graphReplaced;
            _graphReplaced = false;
            if (replaced) return false;
            for (var i = 0; i < answer.RequestCount; i++)
            {
                if (answer.Modules[i].Result is not CachedFetchResult) return false;
            }
            return answer.Invalidated.Count == 0;
        }
    }

    /// <summary>Rules 2 and 3 for one answer, under the gate: the module the first request imports, or its outcome.</summary>
    private (HeldModule? Imported, RequestOutcome? Outcome) ApplyLocked(FetchCall call, FetchModulesAnswer answer, EvaluatedModuleNode? cachedModule)
    {
        var current = call.Generation == _generation;
        List<string>? forgotten = null;
        if (current)
        {
            if (_support == CoherenceSupport.Unknown) _support = CoherenceSupport.Supported;
            if (answer.NoticeSeq > _maxNoticeSeq) _maxNoticeSeq = answer.NoticeSeq;
            if (answer.Graph is { } graph)
            {
                if (_graph is not null && _graph != graph) forgotten = ForgetOtherGraph();
                _graph = graph;
            }
        }
        var scope = new AnswerScope(this, call, answer, current);
        HeldModule? imported = null;
        RequestOutcome? outcome = null;
        for (var i = 0; i < answer.RequestCount; i++)
        {
            var delivered = answer.Modules[i];
            HeldModule? module = null;
            if (delivered.Error is { } error)
            {
                // A module brought back for later keeps its stale copy: its import asks again and gets the error.
                if (i == 0) outcome = RequestOutcome.Failed(error);
            }
            else if (delivered.Result is CachedFetchResult)
            {
                // A new graph's {cache:true} vouches for nothing held before: the import keeps its evaluated module,
                // as Vite's runner would, but the copy is not adopted, so a reload fetches it again.
                module = _byUrl.GetValueOrDefault(call.Requests[i].Url) ?? (i == 0 && forgotten is null ? Adopt(call.Requests[i].Url, cachedModule?.Meta, current) : null);
                if (module is not null && current) scope.Confirm(module);
                if (module is null && i == 0) outcome = RequestOutcome.Answered(CacheHit);
            }
            else if (current)
            {
                module = Store(scope, delivered.Result!, call.Requests[i].Url, requested: true);
            }
            else if (i == 0)
            {
                outcome = RequestOutcome.Answered(delivered.Result!);
            }
            if (i == 0) imported = module;
        }
        if (current)
        {
            for (var i = answer.RequestCount; i < answer.Modules.Count; i++)
            {
                var delivered = answer.Modules[i];
                if (delivered.Result is null or CachedFetchResult) continue;
                // Prefetched modules fill gaps; a trusted copy is the same version (the server skips what it knows we hold).
                if (_byUrl.TryGetValue(delivered.Url, out var existing) && IsTrusted(existing)) continue;
                Store(scope, delivered.Result, delivered.Url, requested: false);
            }
            foreach (var id in answer.Invalidated)
            {
                if (_byId.TryGetValue(id, out var module)) module.Stale = true;
            }
            // The server now tracks what it answered {cache:true} for as held; tell it which of those we let go.
            foreach (var id in forgotten ?? [])
            {
                if (!_byId.ContainsKey(id)) _pendingDropped.Add(id);
            }
        }
        return (imported, outcome);
    }

    /// <summary>Applies a notice the moment it arrives (§7.3): the modules it names are stale.</summary>
    public void ApplyNotice(InvalidationNotice notice)
    {
        lock (_gate)
        {
            if (notice.All)
            {
                if (notice.Seq > _allSeq) _allSeq = notice.Seq;
                foreach (var module in _byId.Values) MarkStale(module, notice.Seq);
            }
            foreach (var id in notice.Ids)
            {
                if (!_lastNoticeSeq.TryGetValue(id, out var seen) || notice.Seq > seen) _lastNoticeSeq[id] = notice.Seq;
                if (_byId.TryGetValue(id, out var module)) MarkStale(module, notice.Seq);
            }
            if (notice.Seq > _appliedSeq) _appliedSeq = notice.Seq;
            ReleaseWaitersIfCaughtUp();
        }
    }

    /// <summary>A notice that could not be read: nothing held can be trusted.</summary>
    public void MarkAllStale()
    {
        lock (_gate)
        {
            foreach (var module in _byId.Values) module.Stale = true;
        }
    }

    /// <summary>
    /// Rule 5: a new connection knows nothing of what the old one delivered, and its notices start again at 1.
    /// Everything held becomes unconfirmed; externals are forgotten (the server never tracks them). Also called when
    /// the connection is lost, since notices cannot arrive until a new one is up.
    /// </summary>
    public void OnConnectionReplaced()
    {
        lock (_gate)
        {
            _generation++;
            if (_support != CoherenceSupport.Disabled) _support = CoherenceSupport.Unknown;
            _appliedSeq = _maxNoticeSeq = _allSeq = 0;
            _lastNoticeSeq.Clear();
            _droppedAtCall.Clear();
            _pendingDropped.Clear();
            foreach (var module in _byId.Values.Where(m => m.Result is ExternalFetchResult).ToList()) Remove(module);
            _confirmOnNextCall = _byId.Count > 0;
            _caughtUp?.TrySetResult();
            _caughtUp = null;
        }
    }

    /// <summary>
    /// The graph was cleared (<c>ClearCache</c>, full reload): no evaluation depends on held code any more. Code the
    /// server invalidated is dropped (and reported as dropped, so the server may prefetch it again); the rest stays
    /// for the next import to evaluate without a round trip.
    /// </summary>
    public void OnGraphCleared()
    {
        lock (_gate)
        {
            foreach (var module in _byId.Values.ToList())
            {
                module.InvalidatePending = false;
                if (module.Generation != _generation || !module.Stale) continue;
                Remove(module);
                if (module.Result is InlinedFetchResult) _pendingDropped.Add(module.Id);
            }
        }
    }

    private bool IsTrusted(HeldModule module) => module.Generation == _generation && !module.Stale;

    private static FetchResult Serve(HeldModule module, EvaluatedModuleNode? cachedModule)
    {
        if (module.InvalidatePending)
        {
            module.InvalidatePending = false;
            return module.Result is InlinedFetchResult inlined ? inlined with { Invalidate = true } : module.Result;
        }
        if (cachedModule is { Meta: not null } && cachedModule.Id == module.GraphId) return CacheHit;
        return module.Result;
    }

    /// <summary>Stores a delivered result for the module it names and maps <paramref name="url"/> to it.</summary>
    private HeldModule Store(AnswerScope scope, FetchResult result, string url, bool requested)
    {
        var (id, serverUrl) = result switch
        {
            InlinedFetchResult inlined => (inlined.Id, inlined.Url),
            ExternalFetchResult external => (external.Externalize, (string?)null),
            _ => throw new InvalidOperationException($"Cannot hold a {result.GetType().Name}."),
        };
        var retransformed = result is InlinedFetchResult { Invalidate: true };
        var code = retransformed ? ((InlinedFetchResult)result) with { Invalidate = false } : result;
        if (!_byId.TryGetValue(id, out var module))
        {
            module = new HeldModule(id, code) { InvalidatePending = retransformed };
            _byId[id] = module;
        }
        else if (IsTrusted(module))
        {
            // The same version (notices are ordered before answers), unless the server says it re-transformed it.
            if (requested && retransformed)
            {
                module.Result = code;
                module.InvalidatePending = true;
            }
        }
        else
        {
            module.Result = code;
            // A prefetch answers as if nothing were held, so for a copy the server did not vouch for, assume it changed.
            module.InvalidatePending |= requested ? retransformed : result is InlinedFetchResult;
        }
        _pendingDropped.Remove(id);
        scope.Confirm(module);
        Map(url, module);
        if (serverUrl is not null) Map(serverUrl, module);
        return module;
    }

    /// <summary>
    /// <c>{cache:true}</c> for a url the code cache does not hold but the graph does (fetched before the extension was
    /// in use): the graph's meta becomes the held copy.
    /// </summary>
    private HeldModule? Adopt(string url, FetchResult? meta, bool current)
    {
        if (!current) return null;
        var id = meta switch
        {
            InlinedFetchResult inlined => inlined.Id,
            ExternalFetchResult external => external.Externalize,
            _ => null,
        };
        if (id is null) return null;
        var code = meta is InlinedFetchResult { Invalidate: true } i ? i with { Invalidate = false } : meta!;
        if (!_byId.TryGetValue(id, out var module))
        {
            module = new HeldModule(id, code);
            _byId[id] = module;
        }
        Map(url, module);
        return module;
    }

    private void Map(string url, HeldModule module)
    {
        if (_byUrl.TryGetValue(url, out var previous))
        {
            if (ReferenceEquals(previous, module)) return;
            previous.Urls.Remove(url);
        }
        _byUrl[url] = module;
        module.Urls.Add(url);
    }

    /// <summary>
    /// An answer came from a new server graph (Vite restarted): its <c>{cache:true}</c> means only that the new graph
    /// has <em>a</em> transform, not the one this runner holds, so nothing held can be confirmed by it. Everything held
    /// is let go (imports fetch it again, with <c>cached:false</c> once the graph is cleared); returns the ids.
    /// </summary>
    private List<string> ForgetOtherGraph()
    {
        _graphReplaced = true;
        var forgotten = new List<string>();
        foreach (var module in _byId.Values.ToList())
        {
            Remove(module);
            if (module.Result is InlinedFetchResult) forgotten.Add(module.Id);
        }
        return forgotten;
    }

    private void Remove(HeldModule module)
    {
        _byId.Remove(module.Id);
        foreach (var url in module.Urls)
        {
            if (_byUrl.TryGetValue(url, out var mapped) && ReferenceEquals(mapped, module)) _byUrl.Remove(url);
        }
        module.Urls.Clear();
    }

    private static void MarkStale(HeldModule module, long noticeSeq)
    {
        // A notice the answer already reflected (sent before it) is older news than the copy.
        if (noticeSeq > module.ConfirmedSeq) module.Stale = true;
    }

    private void ReleaseWaitersIfCaughtUp()
    {
        if (_caughtUp is null || _appliedSeq < _maxNoticeSeq) return;
        _caughtUp.TrySetResult();
        _caughtUp = null;
    }

    /// <summary>Decides, for one answer, whether what it delivered can be trusted.</summary>
    private readonly struct AnswerScope(HeldModules owner, FetchCall call, FetchModulesAnswer answer, bool current)
    {
        /// <summary>Records that the answer delivered or confirmed <paramref name="module"/>.</summary>
        public void Confirm(HeldModule module)
        {
            if (!current) return;
            module.Generation = call.Generation;
            module.ConfirmedSeq = answer.NoticeSeq;
            module.Stale = !IsCurrentAfter(module.Id);
        }

        private bool IsCurrentAfter(string id)
        {
            var seq = answer.NoticeSeq;
            // Invalidated while the call ran, or by a notice the server sent after this answer (it overtook it here),
            // or dropped by a later call (the server has forgotten it): the delivered copy cannot be vouched for.
            if (owner._allSeq > seq) return false;
            if (owner._lastNoticeSeq.TryGetValue(id, out var noticed) && noticed > seq) return false;
            if (owner._droppedAtCall.TryGetValue(id, out var droppedBy) && droppedBy > call.Number) return false;
            foreach (var invalidated in answer.Invalidated)
            {
                if (invalidated == id) return false;
            }
            return true;
        }
    }
}

/// <summary>One <c>runnerExtensible:fetchModules</c> call as sent.</summary>
/// <param name="Generation">The connection it was sent on.</param>
/// <param name="Number">Its number among the runner's calls.</param>
/// <param name="Requests">What it asked for.</param>
/// <param name="Dropped">The ids it reported as dropped.</param>
internal sealed record FetchCall(long Generation, long Number, IReadOnlyList<ModuleRequest> Requests, IReadOnlyCollection<string> Dropped)
{
    /// <summary>Whether it carries the confirmation of what an earlier connection delivered.</summary>
    public bool Confirming { get; init; }
}

/// <summary>What a request of a call came to: the <c>fetchModule</c>-equivalent answer, or the server's error.</summary>
/// <param name="Result">The answer, unless it failed.</param>
/// <param name="Error">The server's error value.</param>
internal readonly record struct RequestOutcome(FetchResult? Result, JsonElement? Error)
{
    public static RequestOutcome Answered(FetchResult result) => new(result, null);

    public static RequestOutcome Failed(JsonElement error) => new(null, error);
}
