using System.Text.Json;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Tests.SourceMaps;

/// <summary>
/// Real module code and inline maps recorded from Vite 8.3.8 (<c>Recorded/fetch-modules.json</c>), mapped to
/// the frames Vite's own runner printed for them (<c>observed…fixtureFrames</c> of the runner traces). The
/// engine-side frame is where V8 puts <c>new Error(…)</c> in the recorded code: that line + 3 (the wrapper's
/// start offset), and the column of <c>new</c>; checked once against node's raw call sites.
/// </summary>
public sealed class RecordedViteSourceMapTests
{
    private static readonly string RepoRoot = FindRepoRoot();
    private static readonly string FixtureRoot = Path.Combine(RepoRoot, "tests", "fixtures", "vite-app").Replace('\\', '/');

    [Fact]
    public void A_method_that_throws_maps_like_vites_runner()
    {
        var (modules, code) = LoadModule("/src/throws.ts");
        var interceptor = new SourceMapInterceptor(modules, [], []);
        var frame = ThrowSite(code, $"{FixtureRoot}/src/throws.ts") with { FunctionName = "throwError", TypeName = "Module", IsToplevel = false };

        var mapped = interceptor.MapStackTrace([frame]).ShouldHaveSingleItem();

        ("at " + mapped).ShouldBe(ObservedFrames("runner-import-main.json", d => d.GetProperty("throwError")).ShouldHaveSingleItem());
    }

    [Fact]
    public void A_module_that_throws_while_evaluating_maps_like_vites_runner()
    {
        var (modules, code) = LoadModule("/src/errors/throws-on-eval.ts");
        var interceptor = new SourceMapInterceptor(modules, [], []);
        var frame = ThrowSite(code, $"{FixtureRoot}/src/errors/throws-on-eval.ts") with { FunctionName = "eval" };

        var mapped = interceptor.MapStackTrace([frame]).ShouldHaveSingleItem();

        ("at " + mapped).ShouldBe(ObservedFrames("runner-import-errors.json", d => d.GetProperty("attempts")[0].GetProperty("error")).ShouldHaveSingleItem());
    }

    [Fact]
    public void The_recorded_maps_carry_the_servers_three_line_shift()
    {
        var (_, code) = LoadModule("/src/throws.ts");

        var json = SourceMappingComments.DecodeBase64Utf8(SourceMappingComments.ExtractInlineMap(code)!)!;
        var map = DecodedSourceMap.Parse(json, $"{FixtureRoot}/src/throws.ts");

        JsonDocument.Parse(json).RootElement.GetProperty("mappings").GetString()!.ShouldStartWith(";;;");
        map.ResolvedSources.ShouldBe([$"{FixtureRoot}/src/throws.ts"]);
        map.OriginalPositionFor(1, 0).ShouldBeNull();
    }

    private static ScriptStackFrame ThrowSite(string code, string id)
    {
        var lines = code.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains("throw new Error(", StringComparison.Ordinal));
        index.ShouldBeGreaterThanOrEqualTo(0);
        const int startOffset = 3;
        return new ScriptStackFrame
        {
            FileName = id,
            LineNumber = index + 1 + startOffset,
            ColumnNumber = lines[index].IndexOf("new Error(", StringComparison.Ordinal) + 1,
            IsEval = true,
        };
    }

    private static (EvaluatedModules Modules, string Code) LoadModule(string url)
    {
        using var document = JsonDocument.Parse(ReadRecorded("fetch-modules.json"));
        var exchange = document.RootElement.GetProperty("exchanges").EnumerateArray().First(e =>
            e.GetProperty("args")[0].GetString() == url && !e.GetProperty("args")[2].GetProperty("cached").GetBoolean());
        var result = ProtocolJson.ParseFetchResult(exchange.GetProperty("response").GetProperty("result")).ShouldBeOfType<InlinedFetchResult>();
        var modules = new EvaluatedModules();
        modules.EnsureModule(result.Id, result.Url).Meta = result;
        return (modules, result.Code!);
    }

    private static string[] ObservedFrames(string file, Func<JsonElement, JsonElement> error)
    {
        using var document = JsonDocument.Parse(ReadRecorded(file));
        return error(document.RootElement.GetProperty("observed")).GetProperty("fixtureFrames").EnumerateArray().Select(f => f.GetString()!).ToArray();
    }

    // The recordings stand "<root>" for the fixture app's absolute path; put this checkout's path back.
    private static string ReadRecorded(string file) =>
        File.ReadAllText(Path.Combine(RepoRoot, "tests", "Runner.Extensible.Tests", "Recorded", file)).Replace("<root>", FixtureRoot, StringComparison.Ordinal);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Runner.Extensible.sln"))) return dir.FullName;
        throw new InvalidOperationException("Runner.Extensible.sln not found above " + AppContext.BaseDirectory);
    }
}
