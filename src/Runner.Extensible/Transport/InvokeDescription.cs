using System.Text.Json;

namespace Runner.Extensible.Transports;

/// <summary>
/// Names a server call in error messages and logs: <c>"fetchModule" for "/src/a.ts"</c>. The url is what a
/// reader needs to find the failing import, so every transport error carries it when there is one.
/// </summary>
internal static class InvokeDescription
{
    /// <summary>The url a call is about: the first argument of <c>fetchModule</c>, otherwise <c>null</c>.</summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments.</param>
    internal static string? UrlOf(string method, JsonElement arguments) =>
        method == "fetchModule"
        && arguments.ValueKind == JsonValueKind.Array
        && arguments.GetArrayLength() > 0
        && arguments[0].ValueKind == JsonValueKind.String
            ? arguments[0].GetString()
            : null;

    /// <summary><c>"method"</c>, or <c>"fetchModule" for "url"</c>.</summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments.</param>
    internal static string Describe(string method, JsonElement arguments) =>
        UrlOf(method, arguments) is { } url
            ? $"{JsonSerializer.Serialize(method)} for {JsonSerializer.Serialize(url)}"
            : JsonSerializer.Serialize(method);
}
