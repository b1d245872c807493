using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Runner.Extensible.Protocol;

/// <summary>
/// Reads and writes the Vite wire protocol with System.Text.Json, byte-compatible with what
/// Vite 8 sends (<c>JSON.stringify</c> of the same objects, same property names and order).
/// Transports use it so that every plugin parses and reports malformed input the same way.
/// </summary>
public static class ProtocolJson
{
    /// <summary>Serializer options for protocol values: camelCase, no indentation, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // JSON.stringify escapes only quotes, backslashes and control characters; match it.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serializes a payload to its JSON text.</summary>
    public static string Serialize(HotPayload payload) => JsonSerializer.Serialize(payload, Options);

    /// <summary>Serializes a payload to UTF-8 JSON.</summary>
    public static byte[] SerializeToUtf8Bytes(HotPayload payload) => JsonSerializer.SerializeToUtf8Bytes(payload, Options);

    /// <summary>Parses a payload, throwing <see cref="ProtocolException"/> with the reason when the text is not a valid payload.</summary>
    /// <param name="json">The JSON text of one message.</param>
    public static HotPayload ParsePayload(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<HotPayload>(json, Options)
                ?? throw new ProtocolException("A message was JSON null; expected an object with a \"type\" field.");
        }
        catch (JsonException ex)
        {
            throw new ProtocolException($"A message is not a valid Vite HotPayload: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a payload from UTF-8 bytes, throwing <see cref="ProtocolException"/> when invalid.</summary>
    /// <param name="utf8Json">The UTF-8 JSON of one message.</param>
    public static HotPayload ParsePayload(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize<HotPayload>(utf8Json, Options)
                ?? throw new ProtocolException("A message was JSON null; expected an object with a \"type\" field.");
        }
        catch (JsonException ex)
        {
            throw new ProtocolException($"A message is not a valid Vite HotPayload: {ex.Message}", ex);
        }
    }

    /// <summary>Tries to parse a payload; on failure <paramref name="error"/> says why.</summary>
    /// <param name="json">The JSON text of one message.</param>
    /// <param name="payload">The parsed payload.</param>
    /// <param name="error">Why parsing failed.</param>
    public static bool TryParsePayload(string json, [NotNullWhen(true)] out HotPayload? payload, [NotNullWhen(false)] out string? error)
    {
        try
        {
            payload = ParsePayload(json);
            error = null;
            return true;
        }
        catch (ProtocolException ex)
        {
            payload = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Converts a <c>fetchModule</c> result value to a <see cref="FetchResult"/>.</summary>
    /// <param name="result">The <c>result</c> of the invoke response.</param>
    public static FetchResult ParseFetchResult(JsonElement result)
    {
        try
        {
            return result.Deserialize<FetchResult>(Options)
                ?? throw new ProtocolException("fetchModule returned null; expected an object.");
        }
        catch (JsonException ex)
        {
            throw new ProtocolException($"fetchModule returned a malformed result: {ex.Message}", ex);
        }
    }

    /// <summary>Serializes any value to a <see cref="JsonElement"/> with the protocol options.</summary>
    /// <param name="value">The value.</param>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>Builds the <c>data</c> object of a <c>vite:invoke</c> custom payload: <c>{name, id, data}</c>.</summary>
    internal static JsonElement SerializeInvokeData(string name, string id, JsonElement arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("id", id);
            writer.WritePropertyName("data");
            arguments.WriteTo(writer);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    /// <summary>
    /// Reads the <c>data</c> of a <c>vite:invoke</c> payload. Returns <c>false</c> when the payload is not
    /// an invoke message or its data lacks a string <c>id</c>.
    /// </summary>
    /// <param name="payload">A received payload.</param>
    /// <param name="name">The method name (empty when absent).</param>
    /// <param name="id">The request or response id.</param>
    /// <param name="data">The arguments (request) or <c>{result}|{error}</c> object (response).</param>
    public static bool TryReadInvoke(HotPayload payload, out string name, [NotNullWhen(true)] out string? id, out JsonElement data)
    {
        name = "";
        id = null;
        data = default;
        if (payload is not CustomPayload { Event: InvokeRequest.EventName, Data: { ValueKind: JsonValueKind.Object } body })
            return false;
        if (!body.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
            return false;
        id = idElement.GetString()!;
        if (body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            name = n.GetString()!;
        if (body.TryGetProperty("data", out var d))
            data = d;
        return true;
    }

    /// <summary>Reads a <c>{result}|{error}</c> object as an <see cref="InvokeResult"/>.</summary>
    /// <param name="response">The response object.</param>
    public static InvokeResult ReadInvokeResult(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object)
            throw new ProtocolException($"An invoke response must be an object with \"result\" or \"error\"; got {response.ValueKind}.");
        if (response.TryGetProperty("error", out var error))
            return InvokeResult.Failure(error.Clone());
        if (response.TryGetProperty("result", out var result))
            return InvokeResult.Success(result.Clone());
        // Vite resolves `{}` (a result of undefined) as success with no value.
        return InvokeResult.Success(default);
    }
}
