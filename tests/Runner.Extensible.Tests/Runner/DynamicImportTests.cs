using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class DynamicImportTests
{
    [Fact]
    public async Task Relative_dynamic_imports_resolve_against_the_importer_url_and_share_the_static_instance()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/pages/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/lib/util.ts");
                """)
            .AddModule("/src/lib/util.ts", "// test:export util=1")
            .AddModule("/src/pages/sibling.ts", "// test:export sibling=1");
        var main = await scope.ImportAsync("/src/pages/main.ts");
        var context = scope.Evaluator.Contexts["/root/src/pages/main.ts"];
        var util = scope.Runner.EvaluatedModules.GetModuleById("/root/src/lib/util.ts")!.Exports;

        var relative = await context.DynamicImportAsync("../lib/util.ts");
        var dotted = await context.DynamicImportAsync("./sibling.ts");
        var rootRelative = await context.DynamicImportAsync("/src/lib/util.ts");

        relative.ShouldBeSameAs(util);
        rootRelative.ShouldBeSameAs(util);
        dotted.GetProperty("sibling").ShouldBe(1d);
        scope.Server.FetchCalls.Skip(2).Select(c => (c.Url, c.Importer)).ShouldBe([
            ("/src/lib/util.ts", "/root/src/pages/main.ts"),
            ("/src/pages/sibling.ts", "/root/src/pages/main.ts"),
            ("/src/lib/util.ts", "/root/src/pages/main.ts"),
        ]);
        main.ShouldNotBeNull();
    }

    [Fact]
    public async Task Relative_dynamic_imports_use_the_url_the_importer_was_imported_by()
    {
        await using var scope = RunnerScope.Create();
        // The importer is reached through /@fs/…, so "./x.ts" resolves against /@fs/root/src.
        scope.Server
            .AddModule("/src/main.ts", "// test:export main=1")
            .AddAlias("/@fs/root/src/main.ts", "/src/main.ts")
            .AddModule("/@fs/root/src/x.ts", "// test:export x=1", id: "/root/src/x.ts", serverUrl: "/src/x.ts");
        await scope.ImportAsync("/@fs/root/src/main.ts");

        var x = await scope.Evaluator.Contexts["/root/src/main.ts"].DynamicImportAsync("./x.ts");

        x.GetProperty("x").ShouldBe(1d);
        scope.Server.FetchCalls.Last().Url.ShouldBe("/@fs/root/src/x.ts");
    }

    [Fact]
    public async Task A_dynamic_import_in_module_code_goes_through_the_same_cache()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/dep.ts");
                const lazy = await __vite_ssr_dynamic_import__("./dep.ts");
                // test:log main done
                """)
            .AddModule("/src/dep.ts", "// test:log dep evaluated");

        await scope.ImportAsync("/src/main.ts");

        scope.Evaluator.Log.Count(l => l == "dep evaluated").ShouldBe(1);
        scope.Server.FetchCalls.Select(c => (c.Url, c.Cached)).ShouldBe([("/src/main.ts", false), ("/src/dep.ts", false), ("/src/dep.ts", true)]);
    }

    [Fact]
    public async Task A_failing_dynamic_import_rejects_with_the_server_error_and_leaves_the_importer_evaluated()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/main.ts", "// test:export main=1");
        await scope.ImportAsync("/src/main.ts");

        var ex = await Should.ThrowAsync<InvokeErrorException>(async () => await scope.Evaluator.Contexts["/root/src/main.ts"].DynamicImportAsync("./missing.ts"));

        ex.Message.ShouldBe("Failed to load url /src/missing.ts (resolved id: /src/missing.ts). Does the file exist?");
        scope.Runner.EvaluatedModules.GetModuleById("/root/src/main.ts")!.IsEvaluated.ShouldBeTrue();
    }
}
