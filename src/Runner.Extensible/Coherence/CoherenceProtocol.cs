using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runner.Extensible.Coherence;

/// <summary>
/// The names and argument shapes of the plugin's cache-coherence extension (the plugin's PROTOCOL.md §7):
/// <c>runnerExtensible:fetchModules(requests, options)</c> and the <c>runner-extensible:invalidate</c> notice.
/// </summary>
internal static class CoherenceProtocol
{
    /// <summary>The batched, prefetching fetch method.</summary>
    public const string FetchModulesMethod = "runnerExtensible:fetchModules";

    /// <summary>The custom event that tells a connection which of its modules were invalidated.</summary>
    public const string InvalidateEvent = "runner-extensible:invalidate";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>[[{url, importer, cached}, …], {startOffset?, prefetch?, dropped?}]</c>; prefetching stays on (the server's
    /// default) unless every request refreshes a held copy.
    /// </summary>
    /// <param name="requests">What to fetch, in order.</param>
    /// <param name="startOffset">The evaluator's <c>startOffset</c>, omitted when unknown.</param>
    /// <param name="dropped">Server module ids the runner no longer holds; omitted when empty.</param>
    public static JsonElement FetchModulesArguments(IReadOnlyList<ModuleRequest> requests, int? startOffset, IReadOnlyCollection<string> dropped)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteStartArray();
            foreach (var request in requests)
            {
                writer.WriteStartObject();
                writer.WriteString("url", request.Url);
                if (request.Importer is null) writer.WriteNull("importer"); else writer.WriteString("importer", request.Importer);
                writer.WriteBoolean("cached", request.Cached);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject();
            if (startOffset is { } offset) writer.WriteNumber("startOffset", offset);
            // Prefetching answers from what the delivered code imports. A call that only refreshes held copies
            // (an HMR re-import, modules brought back after an edit) mostly finds those imports held already, so the
            // server's resolving them is wasted latency; a new import the edit added costs one more round trip.
            if (requests.All(r => r.Cached)) writer.WriteBoolean("prefetch", false);
            if (dropped.Count > 0)
            {
                writer.WriteStartArray("dropped");
                foreach (var id in dropped) writer.WriteStringValue(id);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    /// <summary>
    /// Whether a failed call means this connection cannot use the extension: the server does not have the method
    /// (plain Vite answers <c>invokeHandler is not a function</c>), or the transport cannot name its connection to it.
    /// </summary>
    /// <param name="error">The server's error.</param>
    public static bool MeansUnsupported(Protocol.InvokeErrorException error) =>
        error.Message.Contains("invokeHandler is not a function", StringComparison.Ordinal)
        || error.Code == "ERR_UNKNOWN_CONNECTION";
}

/// <summary>One entry of a <c>runnerExtensible:fetchModules</c> request: the same triple as <c>fetchModule</c>.</summary>
/// <param name="Url">The url as imported.</param>
/// <param name="Importer">The importing module's file (or id), or <c>null</c>.</param>
/// <param name="Cached">Whether the runner holds a copy.</param>
internal readonly record struct ModuleRequest(string Url, string? Importer, bool Cached);
