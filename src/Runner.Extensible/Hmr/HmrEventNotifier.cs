using System.Text.Json;

namespace Runner.Extensible.Hmr;

/// <summary>Vite's <c>notifyListeners(event, data)</c>: calls every listener of an event and awaits them all.</summary>
internal sealed class HmrEventNotifier(HmrRegistry registry, IHmrLogger logger)
{
    /// <summary>
    /// Calls the listeners registered for <paramref name="eventName"/> (a snapshot, in registration order,
    /// each started before any is awaited) with <paramref name="data"/>, and waits until all have settled.
    /// Never throws.
    /// </summary>
    /// <remarks>
    /// Deliberate difference from Vite: Vite's <c>Promise.allSettled</c> drops promise rejections silently,
    /// while a listener that throws synchronously escapes <c>notifyListeners</c> and aborts the payload's
    /// handling. An <see cref="Scripting.IScriptFunction"/> reports both as a faulted task, so every listener
    /// failure is logged through <see cref="IHmrLogger.Error"/> and handling carries on: a broken listener
    /// never stops the update, the other listeners, or later payloads.
    /// </remarks>
    public async Task NotifyAsync(string eventName, JsonElement? data)
    {
        var listeners = registry.GetListeners(eventName);
        if (listeners.Count == 0)
            return;
        var calls = new Task[listeners.Count];
        for (var i = 0; i < listeners.Count; i++)
            calls[i] = ScriptCalls.InvokeSafely(listeners[i], [data]);
        foreach (var call in calls)
        {
            try
            {
                await call.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.Error(HmrMessages.ListenerFailed(eventName, ex), ex);
            }
        }
    }
}
