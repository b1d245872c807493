using System.Buffers;
using System.Text.Json;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>
/// Vite's way: every import asks the server's <c>fetchModule</c>, with <c>cached:true</c> when the runner's graph
/// holds a node with <c>meta</c> for this exact url.
/// </summary>
internal sealed class ViteModuleSource(
    Func<string, JsonElement, CancellationToken, Task<JsonElement>> invoke,
    int? startOffset,
    CancellationToken lifetime) : IModuleSource
{
    /// <inheritdoc />
    public bool TryGetHeld(string url, EvaluatedModuleNode? cachedModule, out FetchResult result)
    {
        result = null!;
        return false;
    }

    /// <inheritdoc />
    public Task<FetchResult> FetchAsync(string url, string? importer, EvaluatedModuleNode? cachedModule) =>
        FetchModuleAsync(url, importer, cachedModule?.Meta is not null);

    /// <summary>One <c>fetchModule(url, importer, {cached, startOffset})</c> call.</summary>
    public async Task<FetchResult> FetchModuleAsync(string url, string? importer, bool cached)
    {
        var result = await invoke("fetchModule", FetchModuleArguments(url, importer, cached, startOffset), lifetime).ConfigureAwait(false);
        if (result.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            throw new ProtocolException($"fetchModule for \"{url}\" returned no result; expected {{\"cache\":true}}, {{\"externalize\",\"type\"}} or {{\"code\",\"file\",\"id\",\"url\",\"invalidate\"}}.");
        try
        {
            return ProtocolJson.ParseFetchResult(result);
        }
        catch (ProtocolException ex)
        {
            var detail = ex.InnerException?.Message ?? ex.Message;
            throw new ProtocolException($"fetchModule for \"{url}\" returned a malformed result: {detail} (got {Truncate(result.GetRawText())}).", ex);
        }
    }

    /// <summary>Vite's arguments: <c>[url, importer|null, {"cached":…,"startOffset":…}]</c>, <c>startOffset</c> omitted when unknown.</summary>
    internal static JsonElement FetchModuleArguments(string url, string? importer, bool cached, int? startOffset)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping writes urls as JSON.stringify does (no \u003C for "<", no escapes for non-ASCII).
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(url);
            if (importer is null) writer.WriteNullValue(); else writer.WriteStringValue(importer);
            writer.WriteStartObject();
            writer.WriteBoolean("cached", cached);
            if (startOffset is { } offset) writer.WriteNumber("startOffset", offset);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    internal static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
