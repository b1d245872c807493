using System.Text.Json;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Coherence;

/// <summary>
/// The runner's side of the plugin's cache coherence (PROTOCOL.md §7.4). A held module the server has not
/// invalidated is served with no round trip; anything else is fetched with <c>runnerExtensible:fetchModules</c>,
/// which also delivers the module's static imports; notices are applied the moment they arrive. On a connection
/// whose server lacks the method it behaves exactly like <see cref="ViteModuleSource"/>.
/// </summary>
internal sealed class CoherentModuleSource : IModuleSource, IServerNoticeHandler
{
    /// <summary>How long an import waits for notices an answer announced before asking the server instead (rule 4).</summary>
    internal static readonly TimeSpan NoticeCatchUpWait = TimeSpan.FromMilliseconds(100);

    private readonly ViteModuleSource _vite;
    private readonly Func<string, JsonElement, CancellationToken, Task<JsonElement>> _invoke;
    private readonly int? _startOffset;
    private readonly CancellationToken _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _runnerName;
    private long _calls;

    /// <summary>Creates the source.</summary>
    public CoherentModuleSource(
        ViteModuleSource vite,
        Func<string, JsonElement, CancellationToken, Task<JsonElement>> invoke,
        int? startOffset,
        CancellationToken lifetime,
        TimeProvider timeProvider,
        ILogger logger,
        string runnerName)
    {
        _vite = vite;
        _invoke = invoke;
        _startOffset = startOffset;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
        _runnerName = runnerName;
    }

    /// <summary>The code cache and its coherence state.</summary>
    public HeldModules Held { get; } = new();

    /// <summary>How many <c>runnerExtensible:fetchModules</c> calls were made.</summary>
    public long FetchModulesCalls => Interlocked.Read(ref _calls);

    /// <summary>The transport cannot carry notices: fetch as Vite's runner does, for good.</summary>
    public void Disable(string transportName)
    {
        Held.Disable();
        CoherenceLog.NoPushChannel(_logger, _runnerName, transportName);
    }

    /// <inheritdoc />
    public bool TryGetHeld(string url, EvaluatedModuleNode? cachedModule, out FetchResult result) =>
        Held.TryServe(url, cachedModule, out result);

    /// <inheritdoc />
    public async Task<FetchResult> FetchAsync(string url, string? importer, EvaluatedModuleNode? cachedModule)
    {
        if (Held.Support is CoherenceSupport.Unsupported or CoherenceSupport.Disabled)
            return await _vite.FetchAsync(url, importer, cachedModule).ConfigureAwait(false);
        if (Held.NoticesBehind)
        {
            await Held.WaitForNoticesAsync(NoticeCatchUpWait, _timeProvider).ConfigureAwait(false);
            if (Held.TryServe(url, cachedModule, out var caughtUp)) return caughtUp;
        }

        var call = Held.BeginCall(url, importer, cachedModule);
        if (await CallAsync(call).ConfigureAwait(false) is not { } answer)
            return await _vite.FetchAsync(url, importer, cachedModule).ConfigureAwait(false);
        var outcome = Apply(() => Held.Apply(call, answer, cachedModule));
        if (outcome.Error is { } error) throw new InvokeErrorException("fetchModule", error);
        return outcome.Result!;
    }

    /// <summary>
    /// Makes <paramref name="call"/>; <c>null</c> when the server turns out not to offer the method on this connection
    /// (then marked unsupported: the caller asks as Vite would). Any other failure is the call's and is rethrown.
    /// </summary>
    private async Task<FetchModulesAnswer?> CallAsync(FetchCall call)
    {
        JsonElement raw;
        try
        {
            Interlocked.Increment(ref _calls);
            raw = await _invoke(CoherenceProtocol.FetchModulesMethod, CoherenceProtocol.FetchModulesArguments(call.Requests, _startOffset, call.Dropped), _lifetime).ConfigureAwait(false);
        }
        catch (InvokeErrorException ex) when (CoherenceProtocol.MeansUnsupported(ex))
        {
            Held.FailCall(call);
            if (Held.MarkUnsupported(call.Generation)) CoherenceLog.Unsupported(_logger, _runnerName, ex.Message);
            return null;
        }
        catch
        {
            Held.FailCall(call);
            throw;
        }
        return FetchModulesAnswer.Read(raw, call.Requests.Count);
    }

    /// <summary>Applies an answer, logging the first time a connection turns out to offer the extension.</summary>
    private T Apply<T>(Func<T> apply)
    {
        var wasKnown = Held.Support == CoherenceSupport.Supported;
        var applied = apply();
        if (!wasKnown && Held.Support == CoherenceSupport.Supported) CoherenceLog.Supported(_logger, _runnerName);
        return applied;
    }

    /// <summary>
    /// Raised when an <c>all:true</c> notice says the server replaced its module graph with this connection still
    /// open (Vite restarted inside the stdio host): nothing the runner holds is known to the new graph.
    /// </summary>
    public event Action? ServerGraphReplaced;

    /// <summary>
    /// For the check after a reconnect: asks the server about every module held, in one call, and applies the
    /// answers (a module that changed or that the server no longer had comes back with its code, so a reload that
    /// follows needs no further round trip). Returns whether the server still had all of them unchanged, or
    /// <c>null</c> when this connection does not use the extension or nothing is held (the caller then asks as Vite would).
    /// </summary>
    public async Task<bool?> ConfirmHeldAsync()
    {
        if (Held.Support is CoherenceSupport.Unsupported or CoherenceSupport.Disabled) return null;
        if (Held.NoticesBehind) await Held.WaitForNoticesAsync(NoticeCatchUpWait, _timeProvider).ConfigureAwait(false);
        if (Held.BeginConfirmation() is not { } call) return null;
        if (await CallAsync(call).ConfigureAwait(false) is not { } answer) return null;
        return Apply(() => Held.ApplyConfirmation(call, answer));
    }

    /// <inheritdoc />
    public bool TryHandle(HotPayload payload)
    {
        if (!InvalidationNotice.IsNotice(payload)) return false;
        if (InvalidationNotice.TryRead(payload, out var notice))
        {
            Held.ApplyNotice(notice!);
            CoherenceLog.NoticeApplied(_logger, _runnerName, notice!.Seq, notice.Ids.Count, notice.All ? " (all)" : "");
            if (notice.All) ServerGraphReplaced?.Invoke();
        }
        else
        {
            Held.MarkAllStale();
            CoherenceLog.MalformedNotice(_logger, _runnerName);
        }
        return true;
    }

    /// <inheritdoc />
    public void OnConnectionLost() => Held.OnConnectionReplaced();

    /// <inheritdoc />
    public void OnConnectionReplaced() => Held.OnConnectionReplaced();

    /// <summary>The graph was cleared: see <see cref="HeldModules.OnGraphCleared"/>.</summary>
    public void OnGraphCleared() => Held.OnGraphCleared();
}
