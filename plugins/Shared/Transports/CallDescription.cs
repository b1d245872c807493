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
        method == "fetchModule"
        && arguments.ValueKind == JsonValueKind.Array
        && arguments.GetArrayLength() > 0
        && arguments[0].ValueKind == JsonValueKind.String
            ? $"{JsonSerializer.Serialize(method)} for {JsonSerializer.Serialize(arguments[0].GetString())}"
            : JsonSerializer.Serialize(method);

    /// <summary>Names a payload being sent: the call it carries, the custom event, or its type.</summary>
    public static string Describe(HotPayload payload) => payload switch
    {
        CustomPayload custom when ProtocolJson.TryReadInvoke(custom, out var name, out _, out var data) => "the call " + Describe(name, data),
        CustomPayload custom => $"the custom event \"{custom.Event}\"",
        _ => $"a \"{payload.Type}\" payload",
    };
}
