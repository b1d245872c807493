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
            return await _vite.FetchAsync(url, importer, cachedModule).ConfigureAwait(false);
        }
        catch
        {
            Held.FailCall(call);
            throw;
        }

        var wasKnown = Held.Support == CoherenceSupport.Supported;
        var outcome = Held.Apply(call, FetchModulesAnswer.Read(raw, call.Requests.Count), cachedModule);
        if (!wasKnown && Held.Support == CoherenceSupport.Supported) CoherenceLog.Supported(_logger, _runnerName);
        if (outcome.Error is { } error) throw new InvokeErrorException("fetchModule", error);
        return outcome.Result!;
    }

    /// <inheritdoc />
    public bool TryHandle(HotPayload payload)
    {
        if (!InvalidationNotice.IsNotice(payload)) return false;
        if (InvalidationNotice.TryRead(payload, out var notice))
        {
            Held.ApplyNotice(notice!);
            CoherenceLog.NoticeApplied(_logger, _runnerName, notice!.Seq, notice.Ids.Count, notice.All ? " (all)" : "");
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
