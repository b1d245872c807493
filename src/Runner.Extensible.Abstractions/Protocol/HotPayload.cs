using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runner.Extensible.Protocol;

/// <summary>
/// A message between a module runner and a Vite dev server (Vite's <c>HotPayload</c>).
/// Every message in either direction is one of the derived records; <see cref="ProtocolJson"/>
/// reads and writes them exactly as Vite 8 puts them on the wire.
/// </summary>
[JsonConverter(typeof(HotPayloadJsonConverter))]
public abstract record HotPayload
{
    /// <summary>The wire value of the <c>type</c> field.</summary>
    public abstract string Type { get; }
}

/// <summary><c>{"type":"connected"}</c>: sent once by the server when a runner connects.</summary>
public sealed record ConnectedPayload : HotPayload
{
    /// <inheritdoc />
    public override string Type => "connected";
}

/// <summary><c>{"type":"ping"}</c>: keep-alive; a no-op for the runner.</summary>
public sealed record PingPayload : HotPayload
{
    /// <inheritdoc />
    public override string Type => "ping";
}

/// <summary><c>{"type":"update","updates":[…]}</c>: modules to hot-update.</summary>
/// <param name="Updates">The updates, in the order the server sent them.</param>
public sealed record UpdatePayload(IReadOnlyList<Update> Updates) : HotPayload
{
    /// <inheritdoc />
    public override string Type => "update";
}

/// <summary>One entry of an <see cref="UpdatePayload"/>.</summary>
/// <param name="UpdateType"><c>js-update</c> or <c>css-update</c>.</param>
/// <param name="Timestamp">The server's timestamp of the change.</param>
/// <param name="Path">URL of the boundary module (the one that accepts).</param>
/// <param name="AcceptedPath">URL of the module being accepted.</param>
public sealed record Update(string UpdateType, long Timestamp, string Path, string AcceptedPath)
{
    /// <summary>Client-only flag; kept for round-tripping.</summary>
    public bool ExplicitImportRequired { get; init; }

    /// <summary>Whether the accepted module is within a circular import.</summary>
    public bool IsWithinCircularImport { get; init; }

    /// <summary>Set only on updates caused by <c>import.meta.hot.invalidate()</c>.</summary>
    public string? FirstInvalidatedBy { get; init; }
}

/// <summary><c>{"type":"full-reload","triggeredBy":…,"path":…}</c>: re-run the affected entry points.</summary>
/// <param name="TriggeredBy">Absolute path of the changed file, or <c>null</c> to reload every entry point.</param>
/// <param name="Path">Client-oriented path; ignored by runners.</param>
public sealed record FullReloadPayload(string? TriggeredBy = null, string? Path = null) : HotPayload
{
    /// <inheritdoc />
    public override string Type => "full-reload";
}

/// <summary><c>{"type":"prune","paths":[…]}</c>: modules that lost their last importer.</summary>
/// <param name="Paths">URLs of the pruned modules.</param>
public sealed record PrunePayload(IReadOnlyList<string> Paths) : HotPayload
{
    /// <inheritdoc />
    public override string Type => "prune";
}

/// <summary><c>{"type":"error","err":{…}}</c>: a server-side error (for example a failed transform).</summary>
/// <param name="Err">The error as the server serialised it.</param>
public sealed record ErrorPayload(JsonElement Err) : HotPayload
{
    /// <inheritdoc />
    public override string Type => "error";

    /// <summary>The error's <c>message</c>, or an empty string.</summary>
    public string Message => Err.ValueKind == JsonValueKind.Object && Err.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";

    /// <summary>The error's <c>stack</c>, or an empty string.</summary>
    public string Stack => Err.ValueKind == JsonValueKind.Object && Err.TryGetProperty("stack", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
}

/// <summary><c>{"type":"custom","event":…,"data":…}</c>: a custom event, and the carrier of <c>vite:invoke</c> RPC.</summary>
/// <param name="Event">The event name.</param>
/// <param name="Data">The event data, or <c>null</c> when absent.</param>
public sealed record CustomPayload(string Event, JsonElement? Data = null) : HotPayload
{
    /// <inheritdoc />
    public override string Type => "custom";
}

/// <summary><c>{"type":"bundled-dev-update",…}</c>: full-bundle mode only; runners ignore it.</summary>
/// <param name="Raw">The whole payload as received.</param>
public sealed record BundledDevUpdatePayload(JsonElement Raw) : HotPayload
{
    /// <inheritdoc />
    public override string Type => "bundled-dev-update";
}

/// <summary>A payload whose <c>type</c> this version does not know; runners ignore it, as Vite does.</summary>
/// <param name="UnknownType">The received <c>type</c> value.</param>
/// <param name="Raw">The whole payload as received.</param>
public sealed record UnknownHotPayload(string UnknownType, JsonElement Raw) : HotPayload
{
    /// <inheritdoc />
    public override string Type => UnknownType;
}
