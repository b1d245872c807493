using System.Text.Json;

namespace Runner.Extensible.Transports;

/// <summary>
/// Names a server call in error messages and logs: <c>"fetchModule" for "/src/a.ts"</c>. The url is what a
/// reader needs to find the failing import, so every transport error carries it when there is one.
/// </summary>
internal static class InvokeDescription
{
    /// <summary>
    /// The url a call is about: the first argument of <c>fetchModule</c>, or the first request's url of the plugin's
    /// batched <c>runnerExtensible:fetchModules</c> (the import that made the call), otherwise <c>null</c>.
    /// </summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments.</param>
    internal static string? UrlOf(string method, JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Array || arguments.GetArrayLength() == 0) return null;
        var first = arguments[0];
        return method switch
        {
            "fetchModule" when first.ValueKind == JsonValueKind.String => first.GetString(),
            Coherence.CoherenceProtocol.FetchModulesMethod when first.ValueKind == JsonValueKind.Array && first.GetArrayLength() > 0
                && first[0].ValueKind == JsonValueKind.Object && first[0].TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                => url.GetString(),
            _ => null,
        };
    }

    /// <summary><c>"method"</c>, or <c>"fetchModule" for "url"</c>.</summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments.</param>
    internal static string Describe(string method, JsonElement arguments) =>
        UrlOf(method, arguments) is { } url
            ? $"{JsonSerializer.Serialize(method)} for {JsonSerializer.Serialize(url)}"
            : JsonSerializer.Serialize(method);
}
