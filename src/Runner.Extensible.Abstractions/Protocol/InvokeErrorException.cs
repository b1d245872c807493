using System.Text.Json;

namespace Runner.Extensible.Protocol;

/// <summary>
/// The server answered an invoke with an error (Vite's <c>reviveInvokeError</c>): the message, name, code
/// and stack are the server's.
/// </summary>
public sealed class InvokeErrorException : Exception
{
    /// <summary>Revives a server error value.</summary>
    /// <param name="method">The method that failed.</param>
    /// <param name="error">The error value from the response.</param>
    public InvokeErrorException(string method, JsonElement error) : base(MessageOf(error))
    {
        Method = method;
        Error = error;
        if (error.ValueKind == JsonValueKind.Object)
        {
            ErrorName = StringOf(error, "name") ?? "Error";
            Code = StringOf(error, "code");
            ServerStack = StringOf(error, "stack");
        }
        else
        {
            ErrorName = "Error";
        }
    }

    /// <summary>The method that failed.</summary>
    public string Method { get; }

    /// <summary>The server's error <c>name</c>.</summary>
    public string ErrorName { get; }

    /// <summary>The server's error <c>code</c>, such as <c>ERR_LOAD_URL</c>.</summary>
    public string? Code { get; }

    /// <summary>The server-side stack.</summary>
    public string? ServerStack { get; }

    /// <summary>The raw error value.</summary>
    public JsonElement Error { get; }

    private static string MessageOf(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object && StringOf(error, "message") is { Length: > 0 } m ? m : "Unknown invoke error";

    private static string? StringOf(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
