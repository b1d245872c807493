using System.Text.Json;

namespace Runner.Extensible.Tests.Support;

/// <summary>
/// Loads the Vite 8 recordings in <c>tests/Runner.Extensible.Tests/Recorded</c> (see its README): replaces the
/// <c>&lt;root&gt;</c> placeholder with the absolute path of <c>tests/fixtures/vite-app</c> and builds a
/// <see cref="FakeViteServer"/> that answers with the recorded <c>fetchModule</c> results.
/// </summary>
internal static class RecordedFixtures
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Runner.Extensible.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"Runner.Extensible.sln not found above {AppContext.BaseDirectory}.");
    });

    /// <summary>The absolute path that replaces <c>&lt;root&gt;</c> (forward slashes, no trailing slash).</summary>
    public static string FixtureRoot => Path.Combine(RepositoryRoot.Value, "tests", "fixtures", "vite-app").Replace('\\', '/');

    /// <summary>Reads one recording with <c>&lt;root&gt;</c> replaced.</summary>
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(RepositoryRoot.Value, "tests", "Runner.Extensible.Tests", "Recorded", name);
        var text = File.ReadAllText(path).Replace("<root>", FixtureRoot, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Replaces <c>&lt;root&gt;</c> in a string from a recording.</summary>
    public static string Resolve(string recorded) => recorded.Replace("<root>", FixtureRoot, StringComparison.Ordinal);

    /// <summary>
    /// A server answering every url of <c>fetch-modules.json</c> with its recorded result (builtins from
    /// <c>builtins.json</c>, errors from <c>fetch-errors.json</c>), with Vite's cache semantics.
    /// </summary>
    public static FakeViteServer Server() =>
        new FakeViteServer { Root = FixtureRoot, Builtins = Load("builtins.json").GetProperty("exchanges")[0].GetProperty("response").GetProperty("result") }
            .AddRecordedExchanges(Load("fetch-modules.json").GetProperty("exchanges"))
            .AddRecordedExchanges(Load("fetch-errors.json").GetProperty("exchanges"));

    /// <summary>
    /// The requests (method and arguments) the runner sent in a trace's wire log, in order; with
    /// <paramref name="untilAction"/>, only those before the first action of that kind (for example <c>edit</c>).
    /// </summary>
    public static IReadOnlyList<(string Method, JsonElement Arguments)> TraceRequests(JsonElement trace, string? untilAction = null)
    {
        var requests = new List<(string, JsonElement)>();
        foreach (var message in trace.GetProperty("messages").EnumerateArray())
        {
            if (message.TryGetProperty("kind", out var kind) && kind.GetString() == "action")
            {
                if (untilAction is not null && message.GetProperty("action").GetString() == untilAction) break;
                continue;
            }
            if (message.GetProperty("from").GetString() != "runner") continue;
            var payload = message.GetProperty("payload");
            if (payload.GetProperty("type").GetString() != "custom" || payload.GetProperty("event").GetString() != "vite:invoke") continue;
            var data = payload.GetProperty("data");
            requests.Add((data.GetProperty("name").GetString()!, data.GetProperty("data").Clone()));
        }
        return requests;
    }
}
