using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports.Shared;

/// <summary>
/// Names a server call in error messages the way the core does: <c>"fetchModule" for "/src/a.ts"</c>, so a failure
/// points at the import that needed it.
/// </summary>
internal static class CallDescription
{
    public static string Describe(InvokeRequest request) => Describe(request.Name, request.Arguments);

    public static string Describe(string method, JsonElement arguments) =>
        UrlOf(method, arguments) is { } url
            ? $"{JsonSerializer.Serialize(method)} for {JsonSerializer.Serialize(url)}"
            : JsonSerializer.Serialize(method);

    // fetchModule(url, …), or the plugin's batched runnerExtensible:fetchModules([{url, …}, …], …): its first request.
    private static string? UrlOf(string method, JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Array || arguments.GetArrayLength() == 0) return null;
        var first = arguments[0];
        return method switch
        {
            "fetchModule" when first.ValueKind == JsonValueKind.String => first.GetString(),
            "runnerExtensible:fetchModules" when first.ValueKind == JsonValueKind.Array && first.GetArrayLength() > 0
                && first[0].ValueKind == JsonValueKind.Object && first[0].TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                => url.GetString(),
            _ => null,
        };
    }

    /// <summary>Names a payload being sent: the call it carries, the custom event, or its type.</summary>
    public static string Describe(HotPayload payload) => payload switch
    {
        CustomPayload custom when ProtocolJson.TryReadInvoke(custom, out var name, out _, out var data) => "the call " + Describe(name, data),
        CustomPayload custom => $"the custom event \"{custom.Event}\"",
        _ => $"a \"{payload.Type}\" payload",
    };
}
