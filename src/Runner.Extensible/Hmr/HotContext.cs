using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>
/// One module instance's <c>import.meta.hot</c> (Vite's <c>HMRContext</c>). Creating it has Vite's side
/// effects on the client's maps: the module's data is kept (or created), its accept callbacks are reset,
/// and the listeners of the previous context for the same URL are removed.
/// </summary>
/// <remarks>
/// Vite creates the context lazily, on the first read of <c>import.meta.hot</c>; the runner creates one per
/// module instance when it builds <c>import.meta</c>, right before the instance runs. The only difference is
/// for a new instance that never reads <c>import.meta.hot</c>: here it still resets the previous instance's
/// accept callbacks and listeners (Vite would leave them pointing at the old instance). A first-member-call
/// activation was rejected because an old instance touching its context late (say, from a timer) would then
/// wipe the new instance's registrations.
/// </remarks>
internal sealed class HotContext : IHotContext
{
    private readonly HmrClient _client;
    private readonly ContextListeners _listeners = new();
    private HotData? _detachedData;

    public HotContext(HmrClient client, string ownerPath)
    {
        _client = client;
        OwnerPath = ownerPath;
        client.Registry.RegisterContext(ownerPath, _listeners);
    }

    /// <inheritdoc />
    public string OwnerPath { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Vite's getter returns <c>undefined</c> once a prune deleted the data; the contract has no "absent"
    /// value, so this context then hands out a data object of its own that the client no longer tracks (a
    /// later dispose or prune receives no data, as in Vite).
    /// </remarks>
    public HotData Data => _client.Registry.GetData(OwnerPath) ?? (_detachedData ??= new HotData(OwnerPath));

    /// <inheritdoc />
    public void AcceptDependencies(IReadOnlyList<string> dependencies, IScriptFunction? callback)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        _client.Registry.AddAcceptCallback(OwnerPath, new HotAcceptCallback(dependencies.ToArray(), callback, null));
    }

    /// <inheritdoc />
    public void AcceptExports(IReadOnlyList<string> exportNames, IScriptFunction? callback)
    {
        ArgumentNullException.ThrowIfNull(exportNames);
        _client.Registry.AddAcceptCallback(OwnerPath, new HotAcceptCallback([OwnerPath], callback, exportNames.ToArray()));
    }

    /// <inheritdoc />
    public void Dispose(IScriptFunction callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _client.Registry.SetDispose(OwnerPath, callback);
    }

    /// <inheritdoc />
    public void Prune(IScriptFunction callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _client.Registry.SetPrune(OwnerPath, callback);
    }

    /// <inheritdoc />
    public void Decline()
    {
        // Vite's decline() does nothing in the runner either: the server decides about full reloads.
    }

    /// <inheritdoc />
    public void Invalidate(string? message)
    {
        var data = InvalidateData(OwnerPath, message, _client.CurrentFirstInvalidatedBy ?? OwnerPath);
        // Not awaited, as in Vite: invalidate() is synchronous script API called on the engine thread.
        _ = _client.Events.NotifyAsync("vite:invalidate", data);
        _client.Send(new CustomPayload("vite:invalidate", data));
        _client.Logger.Debug(HmrMessages.Invalidate(OwnerPath, message));
    }

    /// <inheritdoc />
    public void On(string eventName, IScriptFunction callback)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(callback);
        _client.Registry.AddListener(_listeners, eventName, callback);
    }

    /// <inheritdoc />
    public void Off(string eventName, IScriptFunction callback)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(callback);
        _client.Registry.RemoveListener(_listeners, eventName, callback);
    }

    /// <inheritdoc />
    public void Send(string eventName, JsonElement? data)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        _client.Send(new CustomPayload(eventName, data));
    }

    /// <summary><c>{path, message, firstInvalidatedBy}</c> as <c>JSON.stringify</c> writes it (an absent message is omitted).</summary>
    private static JsonElement InvalidateData(string path, string? message, string firstInvalidatedBy)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("path", path);
            if (message is not null)
                writer.WriteString("message", message);
            writer.WriteString("firstInvalidatedBy", firstInvalidatedBy);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
