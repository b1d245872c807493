using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>
/// Vite's <c>queueUpdate</c> and <c>fetchUpdate</c> for the <c>js-update</c> entries of one <c>update</c>
/// payload: all fetches start together, and once every one has finished their callbacks run in arrival order.
/// </summary>
/// <remarks>
/// Vite batches the updates that arrive in the same microtask; because payloads are handled one at a time,
/// that is exactly the js-updates of one payload. The phases keep Vite's interleaving: every update's
/// dispose callback is called (in order) before any re-import starts, and each re-import starts once its own
/// dispose has settled.
/// </remarks>
internal sealed class HotUpdateBatch(HmrClient client)
{
    private readonly List<PendingUpdate> _pending = [];

    /// <summary>
    /// <c>fetchUpdate</c> up to its first <c>await</c>: finds the boundary module, computes the old instance's
    /// qualified callbacks (before anything is re-imported) and calls the accepted module's dispose callback.
    /// </summary>
    public void Add(Update update)
    {
        var qualified = client.Registry.QualifiedCallbacks(update.Path, update.AcceptedPath);
        if (qualified is null)
            return; // The boundary never registered an accept: Vite does nothing and logs nothing.
        var isSelfUpdate = update.Path == update.AcceptedPath;
        var reimport = isSelfUpdate || qualified.Count > 0;
        Task? dispose = null;
        if (reimport && client.Registry.GetDispose(update.AcceptedPath) is { } disposer)
            dispose = ScriptCalls.InvokeSafely(disposer, [client.Registry.GetData(update.AcceptedPath)]);
        _pending.Add(new PendingUpdate(update, qualified, reimport, dispose));
    }

    /// <summary>
    /// Finishes every fetch (dispose, then re-import), then runs the callbacks in arrival order. A failing
    /// dispose callback fails the batch after all fetches have settled, with no callback run, as in Vite.
    /// </summary>
    public async Task RunAsync()
    {
        if (_pending.Count == 0)
            return;
        var fetches = _pending.Select(FetchAsync).ToArray();
        var fetched = await Task.WhenAll(fetches).ConfigureAwait(false);
        for (var i = 0; i < _pending.Count; i++)
            await ApplyAsync(_pending[i], fetched[i]).ConfigureAwait(false);
    }

    private async Task<IScriptObject?> FetchAsync(PendingUpdate pending)
    {
        if (!pending.Reimport)
            return null;
        if (pending.Dispose is { } dispose)
            await dispose.ConfigureAwait(false);
        try
        {
            return await client.Host.ImportAsync(pending.Update.AcceptedPath, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WarnFailedUpdate(ex, pending.Update.AcceptedPath);
            return null;
        }
    }

    /// <summary>Vite's <c>warnFailedUpdate</c>: the error itself is not logged when its message mentions <c>fetch</c>.</summary>
    private void WarnFailedUpdate(Exception error, string acceptedPath)
    {
        if (!ScriptErrors.MessageOf(error).Contains("fetch", StringComparison.Ordinal))
            client.Logger.Error(ScriptErrors.MessageOf(error), error);
        client.Logger.Error(HmrMessages.FailedToReload(acceptedPath));
    }

    /// <summary>
    /// The function <c>fetchUpdate</c> returns: calls each qualified callback with the new module in the
    /// accepted dependency's slot (even when the re-import failed: then every slot is empty), then logs
    /// <c>hot updated</c>.
    /// </summary>
    /// <remarks>
    /// Vite calls accept callbacks without awaiting what they return. An <see cref="IScriptFunction"/> cannot
    /// separate a callback's synchronous run from its promise, so each call is awaited: that keeps
    /// <c>currentFirstInvalidatedBy</c> set while a callback's synchronous <c>hot.invalidate()</c> reads it
    /// (the evaluator may run the call on another thread), and lets a failure be attributed and logged; a
    /// failing callback does not stop the others or the log line. The cost: an async accept callback delays
    /// the next payload until its promise settles.
    /// </remarks>
    private async Task ApplyAsync(PendingUpdate pending, IScriptObject? fetchedModule)
    {
        var update = pending.Update;
        client.CurrentFirstInvalidatedBy = update.FirstInvalidatedBy;
        try
        {
            foreach (var accept in pending.Qualified)
            {
                if (accept.Callback is null)
                    continue;
                var modules = accept.Dependencies
                    .Select(dep => dep == update.AcceptedPath ? fetchedModule : null)
                    .ToArray<object?>();
                try
                {
                    await ScriptCalls.InvokeSafely(accept.Callback, [modules]).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    client.Logger.Error(HmrMessages.AcceptCallbackFailed(update.Path, update.AcceptedPath, ex), ex);
                }
            }
            client.Logger.Debug(HmrMessages.HotUpdated(update.Path, update.AcceptedPath));
        }
        finally
        {
            client.CurrentFirstInvalidatedBy = null;
        }
    }

    private sealed record PendingUpdate(Update Update, IReadOnlyList<HotAcceptCallback> Qualified, bool Reimport, Task? Dispose);
}
