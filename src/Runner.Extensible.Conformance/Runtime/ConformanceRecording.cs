using System.Text.Json;
using Runner.Extensible.Conformance.InMemory;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// The kit's recording of a real Vite 8.3.8 server (<c>Recorded/conformance-modules.json</c>): its
/// <c>fetchModule</c> answers for the fixture app, with <c>&lt;root&gt;</c> replaced by <see cref="ConformanceApp.Root"/>,
/// and what Vite's own <c>ModuleRunner</c> observed when it ran the same modules.
/// </summary>
internal static class ConformanceRecording
{
    private static readonly Lazy<JsonElement> Document = new(() =>
        JsonDocument.Parse(ConformanceApp.Resolve(ConformanceApp.ReadResource("Recorded/conformance-modules.json"))).RootElement.Clone());

    /// <summary>The Vite version the recording was made with.</summary>
    public static string ViteVersion => Document.Value.GetProperty("viteVersion").GetString()!;

    /// <summary>The evaluator <c>startOffset</c> the recorded code's source maps were made for.</summary>
    public static int StartOffset => Document.Value.GetProperty("startOffset").GetInt32();

    /// <summary>A fresh in-memory server answering as the recorded Vite did, shifting source maps for other start offsets.</summary>
    public static FakeViteServer CreateServer() =>
        new FakeViteServer { Root = ConformanceApp.Root, Builtins = Document.Value.GetProperty("builtins").Clone(), RecordedStartOffset = StartOffset }
            .AddRecordedExchanges(Document.Value.GetProperty("exchanges"));

    /// <summary>What Vite's own runner observed for a module: <c>keys</c>, <c>exports</c>, <c>calls</c> or <c>threw</c>.</summary>
    /// <param name="url">The url the module was imported by.</param>
    public static JsonElement ObservedByVite(string url) =>
        Document.Value.GetProperty("observedByVite").TryGetProperty(url, out var observed)
            ? observed
            : throw new KeyNotFoundException($"The kit's recording has no observation of {url}.");

    /// <summary>The transformed code Vite served for a url (first, uncached fetch).</summary>
    public static string CodeOf(string url)
    {
        foreach (var exchange in Document.Value.GetProperty("exchanges").EnumerateArray())
        {
            if (exchange.GetProperty("args")[0].GetString() == url && exchange.GetProperty("response").TryGetProperty("result", out var result)
                && result.TryGetProperty("code", out var code))
                return code.GetString()!;
        }
        throw new KeyNotFoundException($"The kit's recording has no code for {url}.");
    }
}
