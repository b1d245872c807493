using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runner.Extensible.Protocol;

/// <summary>Reads and writes the three <c>fetchModule</c> result shapes.</summary>
internal sealed class FetchResultJsonConverter : JsonConverter<FetchResult>
{
    public override FetchResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException($"expected an object, got {root.ValueKind}");
        if (root.TryGetProperty("cache", out var cache) && cache.ValueKind == JsonValueKind.True)
            return new CachedFetchResult();
        if (root.TryGetProperty("externalize", out _))
            return new ExternalFetchResult(
                HotPayloadJsonConverter.RequiredString(root, "externalize", "externalized result"),
                HotPayloadJsonConverter.OptionalString(root, "type") ?? "module");
        if (!root.TryGetProperty("id", out _))
            throw new JsonException("expected {cache:true}, {externalize,type} or {code,file,id,url,invalidate}; the \"id\" field is missing");
        return new InlinedFetchResult(
            HotPayloadJsonConverter.OptionalString(root, "code"),
            HotPayloadJsonConverter.OptionalString(root, "file"),
            HotPayloadJsonConverter.RequiredString(root, "id", "fetch result"),
            HotPayloadJsonConverter.RequiredString(root, "url", "fetch result"),
            root.TryGetProperty("invalidate", out var inv) && inv.ValueKind == JsonValueKind.True);
    }

    public override void Write(Utf8JsonWriter writer, FetchResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case CachedFetchResult:
                writer.WriteBoolean("cache", true);
                break;
            case ExternalFetchResult e:
                writer.WriteString("externalize", e.Externalize);
                writer.WriteString("type", e.ExternalType);
                break;
            case InlinedFetchResult i:
                if (i.Code is null) writer.WriteNull("code"); else writer.WriteString("code", i.Code);
                if (i.File is null) writer.WriteNull("file"); else writer.WriteString("file", i.File);
                writer.WriteString("id", i.Id);
                writer.WriteString("url", i.Url);
                writer.WriteBoolean("invalidate", i.Invalidate);
                break;
        }
        writer.WriteEndObject();
    }
}
