using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Hmr;

/// <summary>Vite's <c>createHMRHandlerForRunner</c>: what the runner does with each server payload.</summary>
internal sealed class HmrPayloadHandler(HmrClient client)
{
    /// <summary>Handles one payload; ignored once the runner is closed. Unknown types, <c>ping</c> and <c>bundled-dev-update</c> do nothing.</summary>
    public Task HandleAsync(HotPayload payload)
    {
        if (client.Host.IsClosed)
            return Task.CompletedTask;
        switch (payload)
        {
            case ConnectedPayload:
                client.Logger.Debug(HmrMessages.Connected);
                return Task.CompletedTask;
            case UpdatePayload update:
                return UpdateAsync(update);
            case CustomPayload custom:
                return client.Events.NotifyAsync(custom.Event, custom.Data);
            case FullReloadPayload reload:
                return FullReloadAsync(reload);
            case PrunePayload prune:
                return PruneAsync(prune);
            case ErrorPayload error:
                return ErrorAsync(error);
            default:
                return Task.CompletedTask;
        }
    }

    private async Task UpdateAsync(UpdatePayload payload)
    {
        await client.Events.NotifyAsync("vite:beforeUpdate", EventData(payload)).ConfigureAwait(false);
        var batch = new HotUpdateBatch(client);
        foreach (var update in payload.Updates)
        {
            if (update.UpdateType == "js-update")
                batch.Add(update);
            else
                client.Logger.Error(HmrMessages.CssNotSupported);
        }
        await batch.RunAsync().ConfigureAwait(false);
        await client.Events.NotifyAsync("vite:afterUpdate", EventData(payload)).ConfigureAwait(false);
    }

    private Task FullReloadAsync(FullReloadPayload payload) =>
        FullReloadAsync(payload, ReloadEntrypoints.Find(client.Host.EvaluatedModules, payload.TriggeredBy));

    /// <summary>
    /// Vite's full reload of <paramref name="entrypoints"/>: <c>vite:beforeFullReload</c>, the graph cleared, each entry
    /// point imported again (a failure is logged and the next one imported). Returns <c>false</c> when an import
    /// failed because the connection was lost (or the runner closed), so the reload is not complete.
    /// </summary>
    internal async Task<bool> FullReloadAsync(FullReloadPayload payload, IReadOnlyList<string> entrypoints)
    {
        var host = client.Host;
        if (entrypoints.Count == 0)
            return true;
        var complete = true;
        client.Logger.Debug(HmrMessages.ProgramReload);
        await client.Events.NotifyAsync("vite:beforeFullReload", EventData(payload)).ConfigureAwait(false);
        // Only the graph is cleared: hot.data, accept callbacks and listeners survive a full reload.
        host.EvaluatedModules.Clear();
        foreach (var url in entrypoints)
        {
            if (host.IsClosed)
                return false;
            try
            {
                await host.ImportAsync(url, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A close during the reload ends it silently.
                if (host.IsClosed)
                    return false;
                if (ex is Transports.TransportException)
                    complete = false;
                if (ScriptErrors.CodeOf(ex) != ScriptErrors.OutdatedOptimizedDep)
                    client.Logger.Error(HmrMessages.FullReloadFailed(ex), ex);
            }
        }
        return complete;
    }

    /// <summary>
    /// <c>prunePaths</c>: every dispose callback (with its data) in parallel, then every prune callback in
    /// parallel, and finally, whatever happened, the data of those modules is deleted. A failing callback
    /// fails the payload as in Vite (a failed dispose skips the prune callbacks).
    /// </summary>
    private async Task PruneAsync(PrunePayload payload)
    {
        await client.Events.NotifyAsync("vite:beforePrune", EventData(payload)).ConfigureAwait(false);
        var registry = client.Registry;
        try
        {
            await Task.WhenAll(payload.Paths.Select(path =>
                registry.GetDispose(path) is { } dispose
                    ? ScriptCalls.InvokeSafely(dispose, [registry.GetData(path)])
                    : Task.CompletedTask)).ConfigureAwait(false);
            await Task.WhenAll(payload.Paths.Select(path =>
                registry.GetPrune(path) is { } prune
                    ? ScriptCalls.InvokeSafely(prune, [registry.GetData(path)])
                    : Task.CompletedTask)).ConfigureAwait(false);
        }
        finally
        {
            registry.DeleteData(payload.Paths);
        }
    }

    private async Task ErrorAsync(ErrorPayload payload)
    {
        await client.Events.NotifyAsync("vite:error", EventData(payload)).ConfigureAwait(false);
        client.Logger.Error(HmrMessages.InternalServerError(JsText(payload.Err, "message"), JsText(payload.Err, "stack")));
    }

    /// <summary>The payload as a <c>vite:*</c> listener receives it: the wire JSON of the payload.</summary>
    private static JsonElement EventData(HotPayload payload) => ProtocolJson.ToElement<HotPayload>(payload);

    /// <summary>A property as a JS template literal prints it (<c>undefined</c> when absent).</summary>
    private static string JsText(JsonElement error, string name)
    {
        if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty(name, out var value))
            return "undefined";
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => "null",
            _ => value.GetRawText(),
        };
    }
}
