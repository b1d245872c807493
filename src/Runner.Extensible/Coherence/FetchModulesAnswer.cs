using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Coherence;

/// <summary>
/// The result of <c>runnerExtensible:fetchModules</c>: one entry per request (in order), then the prefetched static
/// imports; the delivered modules invalidated while the call ran; and the sequence number of the last notice the
/// server sent the connection before this answer.
/// </summary>
/// <param name="Modules">Answers to the requests, then prefetched modules.</param>
/// <param name="RequestCount">How many of <paramref name="Modules"/> answer requests.</param>
/// <param name="Invalidated">Server ids of delivered modules that were invalidated before the answer left.</param>
/// <param name="NoticeSeq">The <c>seq</c> of the last notice sent to the connection before this answer.</param>
/// <param name="Graph">Names the server's module graph (a new one after a Vite restart); <c>null</c> from servers that do not say.</param>
internal sealed record FetchModulesAnswer(IReadOnlyList<DeliveredModule> Modules, int RequestCount, IReadOnlyList<string> Invalidated, long NoticeSeq, string? Graph = null)
{
    /// <summary>Reads the answer to a call with <paramref name="requestCount"/> requests.</summary>
    /// <exception cref="ProtocolException">The answer does not have the documented shape.</exception>
    public static FetchModulesAnswer Read(JsonElement result, int requestCount)
    {
        if (result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("modules", out var modules) || modules.ValueKind != JsonValueKind.Array
            || !result.TryGetProperty("noticeSeq", out var seq) || !seq.TryGetInt64(out var noticeSeq))
        {
            throw Malformed("expected {modules:[…], invalidated:[…], noticeSeq:n}", result);
        }
        var length = modules.GetArrayLength();
        if (length < requestCount)
            throw Malformed($"{length} module entries answer {requestCount} requests", result);

        var delivered = new DeliveredModule[length];
        var index = 0;
        foreach (var entry in modules.EnumerateArray())
        {
            delivered[index] = DeliveredModule.Read(entry, requested: index < requestCount);
            index++;
        }

        var invalidated = new List<string>();
        if (result.TryGetProperty("invalidated", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    invalidated.Add(id.GetString()!);
                else
                    throw Malformed("every \"invalidated\" entry needs a string \"id\"", result);
            }
        }
        var graph = result.TryGetProperty("graph", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
        return new FetchModulesAnswer(delivered, requestCount, invalidated, noticeSeq, graph);
    }

    private static ProtocolException Malformed(string detail, JsonElement result) =>
        new($"{CoherenceProtocol.FetchModulesMethod} returned a malformed answer: {detail} (got {ViteModuleSource.Truncate(result.GetRawText())}).");
}

/// <summary>One module of an answer: what <c>fetchModule(url, importer)</c> answered, or its error.</summary>
/// <param name="Url">The url it answers (a request's url, or the specifier a prefetched import is written with).</param>
/// <param name="Importer">The importer it was resolved against.</param>
/// <param name="Result">The result, unless it failed.</param>
/// <param name="Error">The server's error value, when it failed.</param>
/// <param name="Requested">Whether it answers a request (otherwise it was prefetched).</param>
internal sealed record DeliveredModule(string Url, string? Importer, FetchResult? Result, JsonElement? Error, bool Requested)
{
    /// <summary>Reads one <c>{url, importer, result}</c> or <c>{url, importer, error}</c> entry.</summary>
    public static DeliveredModule Read(JsonElement entry, bool requested)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("url", out var urlValue) || urlValue.ValueKind != JsonValueKind.String)
            throw new ProtocolException($"{CoherenceProtocol.FetchModulesMethod} returned a module entry without a string \"url\" (got {ViteModuleSource.Truncate(entry.GetRawText())}).");
        var url = urlValue.GetString()!;
        var importer = entry.TryGetProperty("importer", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        if (entry.TryGetProperty("error", out var error))
            return new DeliveredModule(url, importer, null, error, requested);
        if (!entry.TryGetProperty("result", out var result))
            throw new ProtocolException($"{CoherenceProtocol.FetchModulesMethod} returned an entry for \"{url}\" with neither \"result\" nor \"error\".");
        return new DeliveredModule(url, importer, FetchResultReader.Read(result, url), null, requested);
    }
}
