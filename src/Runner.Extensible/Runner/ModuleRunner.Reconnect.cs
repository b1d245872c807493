using Runner.Extensible.Protocol;

namespace Runner.Extensible;

public sealed partial class ModuleRunner
{
    /// <summary>How often the check after a reconnect asks again while the server answers with an error (still starting).</summary>
    internal const int ReconnectCheckAttempts = 6;

    /// <summary>The first pause between those attempts; it doubles each time (0.25 + 0.5 + … ≈ 8 s in all).</summary>
    internal static readonly TimeSpan ReconnectCheckFirstDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// After a reconnect, or when the server says it replaced its module graph, queues the HMR client's check: a
    /// full reload of the entry points unless the server still has every module the runner holds, unchanged
    /// (<see cref="ModuleRunnerOptions.ReloadAfterReconnect"/>).
    /// </summary>
    private void ScheduleReconnectCheck(bool serverGraphReplaced)
    {
        if (_closed || !Components.ReloadAfterReconnect || _hot is not { } hot) return;
        try
        {
            hot.EnqueueReconnectCheck(ServerHasCurrentModulesAsync, serverGraphReplaced);
        }
        catch (Exception ex)
        {
            RunnerLog.HmrEnqueueFailed(_logger, Name, "reconnect check", ex);
        }
    }

    /// <summary>
    /// Whether the server still has what the runner holds: with the coherence extension, one call confirms every
    /// held module (and brings back what changed); otherwise, as Vite's runner would ask, <c>fetchModule</c> with
    /// <c>cached:true</c> for each entry point. A server that answers with an error (a restarted Vite whose environment
    /// is not initialized yet) is asked again after a pause; a lost connection ends the check (the next reconnect
    /// checks again).
    /// </summary>
    private async Task<bool> ServerHasCurrentModulesAsync(IReadOnlyList<string> entrypoints)
    {
        var delay = ReconnectCheckFirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var current = await AskServerAsync(entrypoints).ConfigureAwait(false);
                if (current) RunnerLog.ServerStillCurrent(_logger, Name);
                else RunnerLog.ServerLostModules(_logger, Name);
                return current;
            }
            catch (InvokeErrorException ex) when (attempt < ReconnectCheckAttempts && !_closed)
            {
                RunnerLog.ReconnectCheckRetry(_logger, Name, ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, Components.TimeProvider, _lifetime.Token).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    private async Task<bool> AskServerAsync(IReadOnlyList<string> entrypoints)
    {
        if (_coherent is { } coherent && await coherent.ConfirmHeldAsync().ConfigureAwait(false) is { } confirmed)
            return confirmed;
        foreach (var url in entrypoints)
        {
            if (await _vite.FetchModuleAsync(url, importer: null, cached: true).ConfigureAwait(false) is not CachedFetchResult)
                return false;
        }
        return true;
    }
}
