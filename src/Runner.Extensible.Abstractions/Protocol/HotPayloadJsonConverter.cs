using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runner.Extensible.Protocol;

/// <summary>Reads and writes <see cref="HotPayload"/> by its <c>type</c> field, as Vite does.</summary>
internal sealed class HotPayloadJsonConverter : JsonConverter<HotPayload>
{
    public override HotPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException($"expected an object, got {root.ValueKind}");
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new JsonException("the \"type\" field is missing or not a string");
        var type = typeElement.GetString()!;
        return type switch
        {
            "connected" => new ConnectedPayload(),
            "ping" => new PingPayload(),
            "update" => new UpdatePayload(ReadUpdates(root)),
            "full-reload" => new FullReloadPayload(OptionalString(root, "triggeredBy"), OptionalString(root, "path")),
            "prune" => new PrunePayload(ReadStrings(root, "paths")),
            "error" => new ErrorPayload(root.TryGetProperty("err", out var err) ? err.Clone() : default),
            "custom" => new CustomPayload(
                RequiredString(root, "event", "custom"),
                root.TryGetProperty("data", out var data) ? data.Clone() : null),
            "bundled-dev-update" => new BundledDevUpdatePayload(root.Clone()),
            _ => new UnknownHotPayload(type, root.Clone()),
        };
    }

    public override void Write(Utf8JsonWriter writer, HotPayload value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case BundledDevUpdatePayload b:
                b.Raw.WriteTo(writer);
                return;
            case UnknownHotPayload u:
                u.Raw.WriteTo(writer);
                return;
        }
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        switch (value)
        {
            case UpdatePayload update:
                writer.WriteStartArray("updates");
                foreach (var u in update.Updates)
                    WriteUpdate(writer, u);
                writer.WriteEndArray();
                break;
            case FullReloadPayload reload:
                if (reload.TriggeredBy is not null) writer.WriteString("triggeredBy", reload.TriggeredBy);
                if (reload.Path is not null) writer.WriteString("path", reload.Path);
                break;
            case PrunePayload prune:
                writer.WriteStartArray("paths");
                foreach (var p in prune.Paths) writer.WriteStringValue(p);
                writer.WriteEndArray();
                break;
            case ErrorPayload error:
                writer.WritePropertyName("err");
                if (error.Err.ValueKind == JsonValueKind.Undefined) writer.WriteNullValue();
                else error.Err.WriteTo(writer);
                break;
            case CustomPayload custom:
                writer.WriteString("event", custom.Event);
                if (custom.Data is { ValueKind: not JsonValueKind.Undefined } data)
                {
                    writer.WritePropertyName("data");
                    data.WriteTo(writer);
                }
                break;
        }
        writer.WriteEndObject();
    }

    private static void WriteUpdate(Utf8JsonWriter writer, Update u)
    {
        writer.WriteStartObject();
        writer.WriteString("type", u.UpdateType);
        writer.WriteNumber("timestamp", u.Timestamp);
        writer.WriteString("path", u.Path);
        writer.WriteString("acceptedPath", u.AcceptedPath);
        writer.WriteBoolean("explicitImportRequired", u.ExplicitImportRequired);
        writer.WriteBoolean("isWithinCircularImport", u.IsWithinCircularImport);
        if (u.FirstInvalidatedBy is not null) writer.WriteString("firstInvalidatedBy", u.FirstInvalidatedBy);
        writer.WriteEndObject();
    }

    private static List<Update> ReadUpdates(JsonElement root)
    {
        if (!root.TryGetProperty("updates", out var updates) || updates.ValueKind != JsonValueKind.Array)
            throw new JsonException("an \"update\" payload needs an \"updates\" array");
        var list = new List<Update>(updates.GetArrayLength());
        foreach (var u in updates.EnumerateArray())
        {
            if (u.ValueKind != JsonValueKind.Object)
                throw new JsonException("each entry of \"updates\" must be an object");
            list.Add(new Update(
                RequiredString(u, "type", "update entry"),
                u.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number ? ts.GetInt64() : 0,
                RequiredString(u, "path", "update entry"),
                RequiredString(u, "acceptedPath", "update entry"))
            {
                ExplicitImportRequired = u.TryGetProperty("explicitImportRequired", out var e) && e.ValueKind == JsonValueKind.True,
                IsWithinCircularImport = u.TryGetProperty("isWithinCircularImport", out var c) && c.ValueKind == JsonValueKind.True,
                FirstInvalidatedBy = OptionalString(u, "firstInvalidatedBy"),
            });
        }
        return list;
    }

    private static List<string> ReadStrings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new JsonException($"the \"{name}\" field must be an array of strings");
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new JsonException($"the \"{name}\" field must be an array of strings");
            list.Add(item.GetString()!);
        }
        return list;
    }

    internal static string RequiredString(JsonElement obj, string name, string what)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
            throw new JsonException($"a {what} needs a string \"{name}\" field");
        return value.GetString()!;
    }

    internal static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
