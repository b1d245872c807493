using System.Text.Json;

namespace Runner.Extensible.Protocol;

/// <summary>
/// A <c>vite:invoke</c> request: the <c>data</c> of <c>{"type":"custom","event":"vite:invoke","data":{…}}</c>.
/// </summary>
/// <param name="Name">The server method, for example <c>fetchModule</c>.</param>
/// <param name="Id"><c>send</c> for request/response transports, <c>send:&lt;nanoid&gt;</c> over messages.</param>
/// <param name="Arguments">The positional arguments, a JSON array.</param>
public sealed record InvokeRequest(string Name, string Id, JsonElement Arguments)
{
    /// <summary>The custom event that carries RPC.</summary>
    public const string EventName = "vite:invoke";

    /// <summary>Wraps this request in the payload that goes on the wire.</summary>
    public CustomPayload ToPayload() => new(EventName, ProtocolJson.SerializeInvokeData(Name, Id, Arguments));
}

/// <summary>
/// The outcome of an invoke: exactly one of <see cref="Result"/> (success, possibly JSON <c>null</c>)
/// or <see cref="Error"/> (the server's error object, or any JSON value it sent as the error).
/// </summary>
/// <param name="Result">The result value on success.</param>
/// <param name="Error">The error value on failure; <c>null</c> on success.</param>
public sealed record InvokeResult(JsonElement Result, JsonElement? Error)
{
    /// <summary>Whether the server reported an error.</summary>
    public bool IsError => Error is not null;

    /// <summary>Creates a success result.</summary>
    public static InvokeResult Success(JsonElement result) => new(result, null);

    /// <summary>Creates a failure result.</summary>
    public static InvokeResult Failure(JsonElement error) => new(default, error);
}
