using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class BuiltinTests
{
    [Fact]
    public async Task Builtins_are_fetched_once_for_all_imports()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1").AddModule("/src/b.ts", "// test:export b=1");

        await Task.WhenAll(scope.ImportAsync("/src/a.ts"), scope.ImportAsync("/src/b.ts"));
        await scope.ImportAsync("/src/a.ts");

        scope.Server.BuiltinsCallCount.ShouldBe(1);
        scope.Server.Calls[0].Method.ShouldBe("getBuiltins");
        scope.Server.Calls[0].Arguments.GetRawText().ShouldBe("[]");
    }

    [Fact]
    public async Task A_failed_getBuiltins_fails_the_import_and_is_retried_by_the_next_one()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var failures = 1;
        scope.Server.Intercept = call => Task.FromResult<JsonElement?>(
            call.Method == "getBuiltins" && failures-- > 0 ? FakeViteServer.Error("Error", "builtins unavailable") : null);

        var ex = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/a.ts"));
        ex.Message.ShouldBe("builtins unavailable");
        ex.Method.ShouldBe("getBuiltins");
        scope.Server.FetchCalls.ShouldBeEmpty();

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        scope.Server.BuiltinsCallCount.ShouldBe(2);
    }

    [Fact]
    public async Task Builtins_and_data_urls_are_resolved_locally_without_fetchModule()
    {
        var evaluator = new TestEvaluator();
        evaluator.Externals["node:path"] = () => TestScriptObject.FromValues([new("join", "join function")]);
        evaluator.Externals["fs"] = () => TestScriptObject.FromValues([new("readFileSync", "fs function")]);
        await using var scope = RunnerScope.Create(evaluator: evaluator);
        scope.Server.AddModule("/src/a.ts", """
            __vite_ssr_exportName__("join", () => { try { return __vite_ssr_import_0__.join } catch {} });
            __vite_ssr_exportName__("data", () => { try { return __vite_ssr_import_2__.default } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("node:path", {"importedNames":["join"]});
            const __vite_ssr_import_1__ = await __vite_ssr_import__("fs", {"importedNames":["readFileSync"]});
            const __vite_ssr_import_2__ = await __vite_ssr_import__("data:text/javascript,export default \"from data\"", {"importedNames":["default"]});
            """);

        var exports = await scope.ImportAsync("/src/a.ts");

        exports.GetProperty("join").ShouldBe("join function");
        exports.GetProperty("data").ShouldBe("from data");
        scope.Server.FetchCalls.Select(c => c.Url).ShouldBe(["/src/a.ts"]);
        evaluator.ExternalLoads.ShouldBe(["node:path", "fs", "data:text/javascript,export default \"from data\""]);
        var graph = scope.Runner.EvaluatedModules;
        graph.GetModuleById("path").ShouldNotBeNull().Meta.ShouldBe(new ExternalFetchResult("node:path", "builtin"));
        graph.GetModuleById("fs").ShouldNotBeNull().Url.ShouldBe("fs");
        graph.GetModuleById("/root/src/a.ts")!.Imports.ShouldBe(["path", "fs", "data:text/javascript,export default \"from data\""], ignoreOrder: true);
    }

    [Fact]
    public async Task A_top_level_import_of_a_builtin_still_waits_for_getBuiltins_first()
    {
        var evaluator = new TestEvaluator();
        evaluator.Externals["node:fs"] = () => TestScriptObject.FromValues([new("x", 1)]);
        await using var scope = RunnerScope.Create(evaluator: evaluator);

        await scope.ImportAsync("node:fs");
        await scope.ImportAsync("data:text/javascript,export default 1");

        scope.Server.Calls.Select(c => c.Method).ShouldBe(["getBuiltins"]);
    }

    [Fact]
    public async Task Builtins_accept_raw_strings_and_regular_expression_flags()
    {
        var server = new FakeViteServer { Builtins = JsonDocument.Parse("""["raw-builtin",{"type":"RegExp","source":"^BUN:","flags":"i"},{"type":"string","value":"zlib"}]""").RootElement };
        var evaluator = new TestEvaluator();
        foreach (var url in new[] { "raw-builtin", "bun:sqlite", "zlib" })
            evaluator.Externals[url] = () => TestScriptObject.FromValues([new("ok", true)]);
        await using var scope = RunnerScope.Create(server, evaluator: evaluator);

        foreach (var url in new[] { "raw-builtin", "bun:sqlite", "zlib" })
            (await scope.ImportAsync(url)).GetProperty("ok").ShouldBe(true);

        scope.Server.FetchCalls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"not":"an array"}""", "expected an array")]
    [InlineData("""[42]""", "item 0 is 42")]
    [InlineData("""[{"type":"RegExp","source":"(unclosed","flags":""}]""", "cannot compile")]
    public async Task A_malformed_builtins_answer_is_a_protocol_error_and_the_runner_keeps_working(string builtins, string reason)
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        scope.Server.Builtins = JsonDocument.Parse(builtins).RootElement;

        var ex = await Should.ThrowAsync<ProtocolException>(() => scope.ImportAsync("/src/a.ts"));
        ex.Message.ShouldStartWith("getBuiltins returned a malformed result:");
        ex.Message.ShouldContain(reason);

        scope.Server.Builtins = JsonDocument.Parse("[]").RootElement;
        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
    }
}
