using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class ImportTests
{
    [Fact]
    public async Task Import_fetches_the_module_and_returns_its_exports()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", """
            __vite_ssr_exportName__("a", () => { try { return a } catch {} });
            const a = "value of a";
            """);

        var exports = await scope.ImportAsync("/src/a.ts");

        exports.GetKeys().ShouldBe(["a"]);
        exports.GetProperty("a").ShouldBe("value of a");
        scope.Server.Calls.Select(c => c.ToString()).ShouldBe([
            "getBuiltins []",
            """fetchModule ["/src/a.ts",null,{"cached":false,"startOffset":3}]""",
        ]);
        var node = scope.Runner.EvaluatedModules.GetModuleById("/root/src/a.ts").ShouldNotBeNull();
        node.Url.ShouldBe("/src/a.ts");
        node.IsEvaluated.ShouldBeTrue();
        node.Exports.ShouldBeSameAs(exports);
        ((TestScriptObject)exports).IsSealed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_import_sends_cached_true_and_reuses_the_evaluated_module()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        var first = await scope.ImportAsync("/src/a.ts");
        var second = await scope.ImportAsync("/src/a.ts");

        second.ShouldBeSameAs(first);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, true]);
        scope.Server.BuiltinsCallCount.ShouldBe(1);
    }

    [Fact]
    public async Task Dependencies_are_fetched_depth_first_with_the_importer_file()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/dep.ts", {"importedNames":["dep"]});
                const __vite_ssr_import_1__ = await __vite_ssr_import__("/src/other.ts");
                // test:log main body
                """)
            .AddModule("/src/dep.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/leaf.ts");
                // test:log dep body
                """)
            .AddModule("/src/leaf.ts", "// test:log leaf body")
            .AddModule("/src/other.ts", "// test:log other body");

        await scope.ImportAsync("/src/main.ts");

        scope.Server.FetchCalls.Select(c => (c.Url, c.Importer)).ShouldBe([
            ("/src/main.ts", null),
            ("/src/dep.ts", "/root/src/main.ts"),
            ("/src/leaf.ts", "/root/src/dep.ts"),
            ("/src/other.ts", "/root/src/main.ts"),
        ]);
        scope.Evaluator.Log.ShouldBe([
            "eval:/root/src/main.ts", "eval:/root/src/dep.ts", "eval:/root/src/leaf.ts", "leaf body", "dep body",
            "eval:/root/src/other.ts", "other body", "main body",
        ]);
    }

    [Fact]
    public async Task Importers_and_imports_are_recorded_both_ways()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/a.ts");
                const __vite_ssr_import_1__ = await __vite_ssr_import__("/src/b.ts");
                """)
            .AddModule("/src/a.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/b.ts");""")
            .AddModule("/src/b.ts", "// test:export b=1");

        await scope.ImportAsync("/src/main.ts");

        var graph = scope.Runner.EvaluatedModules;
        graph.GetModuleById("/root/src/main.ts")!.Imports.ShouldBe(["/root/src/a.ts", "/root/src/b.ts"], ignoreOrder: true);
        graph.GetModuleById("/root/src/main.ts")!.Importers.ShouldBeEmpty();
        graph.GetModuleById("/root/src/a.ts")!.Importers.ShouldBe(["/root/src/main.ts"]);
        graph.GetModuleById("/root/src/b.ts")!.Importers.ShouldBe(["/root/src/main.ts", "/root/src/a.ts"], ignoreOrder: true);
        graph.GetModuleById("/root/src/a.ts")!.Imports.ShouldBe(["/root/src/b.ts"]);
    }

    [Fact]
    public async Task A_module_the_server_retransformed_is_invalidated_and_evaluated_again()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export version=1");
        var before = await scope.ImportAsync("/src/a.ts");

        scope.Server.Edit("/src/a.ts", "// test:export version=2");
        var after = await scope.ImportAsync("/src/a.ts");

        after.ShouldNotBeSameAs(before);
        after.GetProperty("version").ShouldBe(2d);
        before.GetProperty("version").ShouldBe(1d);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(2);
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, true]);
    }

    [Fact]
    public async Task Invalidation_keeps_importers_and_drops_imports()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/a.ts");""")
            .AddModule("/src/a.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/b.ts");""")
            .AddModule("/src/b.ts", "// test:export b=1");
        await scope.ImportAsync("/src/main.ts");

        scope.Server.Edit("/src/a.ts", "// test:export a=2");
        await scope.ImportAsync("/src/a.ts");

        var a = scope.Runner.EvaluatedModules.GetModuleById("/root/src/a.ts")!;
        a.Importers.ShouldBe(["/root/src/main.ts"]);
        a.Imports.ShouldBeEmpty();
    }

    [Fact]
    public async Task Different_spellings_of_one_module_resolve_to_one_node_and_one_evaluation()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/a.ts", "// test:export a=1")
            .AddAlias("/root/src/a.ts", "/src/a.ts")
            .AddAlias("/@fs/root/src/a.ts", "/src/a.ts")
            .AddAlias("file:///root/src/a.ts", "/src/a.ts");

        var results = new List<Scripting.IScriptObject>();
        foreach (var spelling in new[] { "/src/a.ts", "/root/src/a.ts", "/@fs/root/src/a.ts", "file:///root/src/a.ts", "/src/a.ts?t=123" })
            results.Add(await scope.ImportAsync(spelling));

        results.ShouldAllBe(r => ReferenceEquals(r, results[0]));
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
        scope.Runner.EvaluatedModules.Modules.Count.ShouldBe(1);
        // Spellings the runner has not seen are asked with cached:false; the server answers invalidate:false and the node is reused.
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, false, false, false, false]);
        scope.Runner.EvaluatedModules.GetModuleByUrl("/src/a.ts").ShouldNotBeNull();
    }

    [Fact]
    public async Task Query_variants_are_separate_modules_of_one_file()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/def.js", "// test:export kind=\"module\"", id: "/root/src/def.js")
            .AddModule("/src/def.js?raw", "// test:export kind=\"raw\"", id: "/root/src/def.js?raw", file: "/root/src/def.js");

        var module = await scope.ImportAsync("/src/def.js");
        var raw = await scope.ImportAsync("/src/def.js?raw");

        raw.ShouldNotBeSameAs(module);
        raw.GetProperty("kind").ShouldBe("raw");
        scope.Runner.EvaluatedModules.GetModulesByFile("/root/src/def.js").Select(n => n.Id).ShouldBe(["/root/src/def.js", "/root/src/def.js?raw"], ignoreOrder: true);
    }

    [Fact]
    public async Task Cache_true_for_a_module_the_runner_does_not_hold_is_Vites_mistaken_invalidation_error()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddRawResult("/src/a.ts", """{"cache":true}""");

        var ex = await Should.ThrowAsync<ModuleRunnerException>(() => scope.ImportAsync("/src/a.ts"));

        ex.Message.ShouldBe("""Module "/src/a.ts" was mistakenly invalidated during fetch phase.""");
        ex.Url.ShouldBe("/src/a.ts");
    }

    [Fact]
    public async Task Clear_cache_forgets_every_module_so_the_next_import_fetches_and_evaluates_again()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var first = await scope.ImportAsync("/src/a.ts");

        scope.Runner.ClearCache();
        scope.Runner.EvaluatedModules.Modules.ShouldBeEmpty();
        var second = await scope.ImportAsync("/src/a.ts");

        second.ShouldNotBeSameAs(first);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(2);
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, false]);
    }

    [Fact]
    public async Task Start_offset_is_omitted_from_fetch_options_when_the_evaluator_has_none()
    {
        await using var scope = RunnerScope.Create(evaluator: new TestEvaluator { StartOffset = null });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");

        scope.Server.FetchCalls.Single().Arguments.GetRawText().ShouldBe("""["/src/a.ts",null,{"cached":false}]""");
    }

    [Fact]
    public async Task Virtual_modules_are_requested_wrapped_and_cached_under_their_unwrapped_url()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/@id/__x00__virtual:m", "// test:export v=1", id: "\0virtual:m", file: "\0virtual:m", serverUrl: "virtual:m");

        await scope.ImportAsync("/@id/__x00__virtual:m");
        await scope.ImportAsync("/@id/__x00__virtual:m");

        var node = scope.Runner.EvaluatedModules.GetModuleById("\0virtual:m").ShouldNotBeNull();
        node.Url.ShouldBe("virtual:m");
        // The runner maps the server url, so the wrapped spelling is unknown to its url index: asked with cached:false both times.
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, false]);
        scope.Evaluator.EvaluationCount("\0virtual:m").ShouldBe(1);
        scope.Runner.EvaluatedModules.GetModuleByUrl("/@id/__x00__virtual:m").ShouldBeNull();
        scope.Runner.EvaluatedModules.GetModuleByUrl("virtual:m").ShouldBeSameAs(node);
    }
}
