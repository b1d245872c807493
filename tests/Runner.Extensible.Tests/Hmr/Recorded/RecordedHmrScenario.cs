using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Tests.Hmr.Recorded;

/// <summary>
/// One HMR trace recorded from Vite 8.3.8's own <c>ModuleRunner</c> (tests/Runner.Extensible.Tests/Recorded,
/// format in its README), with <c>&lt;root&gt;</c> replaced by the fixture app's absolute path as the README asks.
/// </summary>
internal sealed class RecordedHmrScenario
{
    private RecordedHmrScenario(string name, string fixtureRoot, JsonElement root)
    {
        Name = name;
        FixtureRoot = fixtureRoot;
        Root = root;
    }

    public string Name { get; }

    /// <summary>The absolute path that stands for <c>&lt;root&gt;</c>, forward slashes, no trailing slash.</summary>
    public string FixtureRoot { get; }

    public JsonElement Root { get; }

    public string Entry => Root.GetProperty("entry").GetString()!;

    /// <summary>The complete wire log: <c>{from, payload}</c> entries and <c>{kind:"action", …}</c> notes.</summary>
    public IEnumerable<JsonElement> Messages => Root.GetProperty("messages").EnumerateArray();

    public IReadOnlyList<string> FixtureLogBeforeAction => Strings(Root.GetProperty("fixtureLogBeforeAction"));

    public IReadOnlyList<string> FixtureLogAfterAction => Strings(Root.GetProperty("fixtureLogAfterAction"));

    /// <summary>Vite's HMR logger calls, <c>[level, message]</c>.</summary>
    public IReadOnlyList<string[]> RunnerLog =>
        Root.GetProperty("runnerLog").EnumerateArray().Select(e => Strings(e).ToArray()).ToArray();

    /// <summary>Non-invoke payloads the runner sent after the action, as compact JSON.</summary>
    public IReadOnlyList<string> RunnerPayloadsAfterAction =>
        Root.GetProperty("afterAction").GetProperty("runnerPayloads").EnumerateArray().Select(Compact).ToArray();

    /// <summary>The <c>fetchModule</c> requests after the action as <c>(url, importer)</c>.</summary>
    public IReadOnlyList<(string Url, string? Importer)> FetchesAfterAction =>
        Root.GetProperty("afterAction").GetProperty("exchanges").EnumerateArray()
            .Select(e => e.GetProperty("request").GetProperty("data"))
            .Select(args => (args[0].GetString()!, args[1].ValueKind == JsonValueKind.String ? args[1].GetString() : null))
            .ToArray();

    /// <summary>The file the <c>edit</c> action changed (relative to the root), if any.</summary>
    public string? EditedFile =>
        Messages.Where(IsAction).Where(m => m.GetProperty("action").GetString() == "edit")
            .Select(m => m.GetProperty("file").GetString())
            .SingleOrDefault();

    public static bool IsAction(JsonElement message) => message.TryGetProperty("kind", out var kind) && kind.GetString() == "action";

    /// <summary>Whether a wire message is RPC (<c>vite:invoke</c>), which the HMR client never sees.</summary>
    public static bool IsInvoke(JsonElement payload) =>
        payload.GetProperty("type").GetString() == "custom" && payload.GetProperty("event").GetString() == "vite:invoke";

    /// <summary>A payload as a transport would hand it to the runner: parsed from its JSON text.</summary>
    public static HotPayload Parse(JsonElement payload) => ProtocolJson.ParsePayload(payload.GetRawText());

    /// <summary>The JSON text <c>JSON.stringify</c> would produce for an element of the (indented) recording.</summary>
    public static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    public static RecordedHmrScenario Load(string name)
    {
        var repo = FindRepositoryRoot();
        var fixtureRoot = Path.Combine(repo, "tests", "fixtures", "vite-app").Replace('\\', '/');
        var text = File.ReadAllText(Path.Combine(repo, "tests", "Runner.Extensible.Tests", "Recorded", name + ".json"));
        // "<root>" also occurs inside JSON strings; the path has no characters that need escaping in JSON.
        using var document = JsonDocument.Parse(text.Replace("<root>", fixtureRoot, StringComparison.Ordinal));
        return new RecordedHmrScenario(name, fixtureRoot, document.RootElement.Clone());
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "Runner.Extensible.Tests", "Recorded")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No tests/Runner.Extensible.Tests/Recorded folder above {AppContext.BaseDirectory}.");
    }

    private static IReadOnlyList<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
