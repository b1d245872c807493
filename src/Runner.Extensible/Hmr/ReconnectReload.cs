using Runner.Extensible.Protocol;

namespace Runner.Extensible.Hmr;

/// <summary>
/// The check after a reconnect: a full reload of every entry point when the server lost or changed modules the
/// runner holds, as Vite's browser client reloads the page after the server comes back. Without it, HMR would stay
/// silent for every module a restarted server never delivered (its graph starts empty) and miss the updates sent
/// while the runner was away.
/// </summary>
/// <remarks>
/// A reload is owed, whatever the server answers, once the server said it replaced its module graph (an
/// <c>all:true</c> notice: its <c>{cache:true}</c> answers may then come from transforms made for somebody else), and
/// while a reload has not finished because the connection went away during it (its entry points are remembered, as
/// the graph was already cleared). When the check itself fails, nothing is cleared: the next reconnect checks again.
/// </remarks>
internal sealed class ReconnectReload(HmrClient client, HmrPayloadHandler handler)
{
    private readonly Lock _gate = new();
    private long _owedSince;
    private long _settled;
    private IReadOnlyList<string> _unfinished = [];

    /// <summary>The server replaced its module graph: the next check reloads, whatever the answers say.</summary>
    public void OweReload()
    {
        lock (_gate) _owedSince++;
    }

    /// <summary>
    /// Asks <paramref name="serverHasCurrentModules"/> (with the entry points) whether the server still has the runner's
    /// modules unchanged, and reloads the entry points when it does not or a reload is owed.
    /// </summary>
    public async Task CheckAsync(Func<IReadOnlyList<string>, Task<bool>> serverHasCurrentModules)
    {
        if (client.Host.IsClosed)
            return;
        long owedAtStart;
        IReadOnlyList<string> unfinished;
        lock (_gate)
        {
            owedAtStart = _owedSince;
            unfinished = _unfinished;
        }
        var entrypoints = unfinished.Union(ReloadEntrypoints.Find(client.Host.EvaluatedModules, triggeredBy: null), StringComparer.Ordinal).ToList();
        if (entrypoints.Count == 0)
            return;
        bool current;
        try
        {
            // Also waits for a restarting server to be ready before anything is cleared.
            current = await serverHasCurrentModules(entrypoints).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (client.Host.IsClosed)
                return;
            // The connection going away again is the transport's to report; the next reconnect checks again.
            if (ex is Transports.TransportException)
                client.Logger.Debug(HmrMessages.ReconnectCheckInterrupted(ex));
            else
                client.Logger.Error(HmrMessages.ReconnectCheckFailed(ex), ex);
            return;
        }
        if (client.Host.IsClosed)
            return;
        bool owed;
        lock (_gate) owed = owedAtStart != _settled || unfinished.Count > 0;
        if (current && !owed)
            return;
        lock (_gate) _unfinished = entrypoints;
        client.Logger.Debug(HmrMessages.ReloadAfterReconnect);
        if (!await handler.FullReloadAsync(new FullReloadPayload(Path: "*"), entrypoints).ConfigureAwait(false))
            return;
        lock (_gate)
        {
            _unfinished = [];
            _settled = owedAtStart;
        }
    }
}
