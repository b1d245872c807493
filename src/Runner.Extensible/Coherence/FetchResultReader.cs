using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Coherence;

/// <summary>
/// Reads a <c>fetchModule</c> result straight from the answer's JSON (a batch carries hundreds of them, so the
/// serializer's round trip through text is skipped), with the rules of the protocol's own converter.
/// </summary>
internal static class FetchResultReader
{
    private static readonly CachedFetchResult Cached = new();

    /// <summary>Reads one result; throws <see cref="ProtocolException"/> naming <paramref name="url"/> when malformed.</summary>
    /// <param name="result">The <c>result</c> value.</param>
    /// <param name="url">The url it answers, for the message.</param>
    public static FetchResult Read(JsonElement result, string url)
    {
        if (result.ValueKind != JsonValueKind.Object)
            throw Malformed(url, $"expected an object, got {result.ValueKind}", result);
        if (result.TryGetProperty("cache", out var cache) && cache.ValueKind == JsonValueKind.True)
            return Cached;
        if (result.TryGetProperty("externalize", out _))
            return new ExternalFetchResult(Required(result, "externalize", url), Optional(result, "type") ?? "module");
        if (!result.TryGetProperty("id", out _))
            throw Malformed(url, "expected {cache:true}, {externalize,type} or {code,file,id,url,invalidate}; the \"id\" field is missing", result);
        return new InlinedFetchResult(
            Optional(result, "code"),
            Optional(result, "file"),
            Required(result, "id", url),
            Required(result, "url", url),
            result.TryGetProperty("invalidate", out var invalidate) && invalidate.ValueKind == JsonValueKind.True);
    }

    private static string Required(JsonElement result, string name, string url)
    {
        if (!result.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
            throw Malformed(url, $"a fetch result needs a string \"{name}\" field", result);
        return value.GetString()!;
    }

    private static string? Optional(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ProtocolException Malformed(string url, string detail, JsonElement result) =>
        new($"{CoherenceProtocol.FetchModulesMethod} answered \"{url}\" with a malformed result: {detail} (got {ViteModuleSource.Truncate(result.GetRawText())}).");
}
