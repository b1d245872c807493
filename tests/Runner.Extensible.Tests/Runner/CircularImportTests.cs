using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class CircularImportTests
{
    [Fact]
    public async Task A_circular_import_sees_the_partially_populated_exports()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/a.ts", """
                __vite_ssr_exportName__("a", () => { try { return a } catch {} });
                __vite_ssr_exportName__("fromB", () => { try { return fromB } catch {} });
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/b.ts", {"importedNames":["b"]});
                const a = "a";
                const fromB = __vite_ssr_import_0__.b;
                """)
            .AddModule("/src/b.ts", """
                __vite_ssr_exportName__("b", () => { try { return b } catch {} });
                __vite_ssr_exportName__("aLater", () => { try { return __vite_ssr_import_0__.a } catch {} });
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/a.ts", {"importedNames":["a"]});
                // test:snapshot 0 a-seen-by-b
                const b = "b";
                """);

        var a = await scope.ImportAsync("/src/a.ts");

        // While b evaluated, a's getters existed but its bindings were not initialized yet.
        scope.Evaluator.Snapshots["a-seen-by-b"].ShouldBe(new Dictionary<string, object?> { ["a"] = null, ["fromB"] = null });
        a.GetProperty("a").ShouldBe("a");
        a.GetProperty("fromB").ShouldBe("b");
        var b = scope.Runner.EvaluatedModules.GetModuleById("/root/src/b.ts")!.Exports!;
        b.GetProperty("aLater").ShouldBe("a");
        // b received a's exports object itself, not a copy.
        scope.Evaluator.Contexts["/root/src/b.ts"].Module.Imports.ShouldBe(["/root/src/a.ts"]);
        scope.Server.FetchCalls.Select(c => (c.Url, c.Cached)).ShouldBe([("/src/a.ts", false), ("/src/b.ts", false), ("/src/a.ts", true)]);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
    }

    [Fact]
    public async Task A_longer_cycle_is_detected_through_the_modules_in_flight()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/a.ts", """
                // test:export a="A"
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/b.ts");
                """)
            .AddModule("/src/b.ts", """
                // test:export b="B"
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/c.ts");
                """)
            .AddModule("/src/c.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/a.ts");
                // test:snapshot 0 a-seen-by-c
                """);

        await scope.ImportAsync("/src/a.ts");

        scope.Evaluator.Snapshots["a-seen-by-c"].ShouldBe(new Dictionary<string, object?> { ["a"] = "A" });
        scope.Runner.EvaluatedModules.Modules.ShouldAllBe(m => m.IsEvaluated);
    }

    [Fact]
    public async Task A_request_that_would_wait_on_its_own_import_chain_gets_partial_exports_even_from_another_entry()
    {
        // main imports x and y; x imports y; y imports x. Importing y from x (while y is not on x's callstack
        // but x is in flight through y) is the isCircularRequest case.
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/y.ts");
                """)
            .AddModule("/src/y.ts", """
                // test:export y="Y"
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/x.ts");
                """)
            .AddModule("/src/x.ts", """
                // test:export x="X"
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/y.ts");
                // test:snapshot 0 y-seen-by-x
                """);

        await scope.ImportAsync("/src/main.ts");

        scope.Evaluator.Snapshots["y-seen-by-x"].ShouldBe(new Dictionary<string, object?> { ["y"] = "Y" });
    }

    [Fact]
    public async Task A_module_importing_itself_gets_its_own_partial_exports()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/self.ts", """
            // test:export early=1
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/self.ts");
            // test:snapshot 0 self
            // test:export late=2
            """);

        var exports = await scope.ImportAsync("/src/self.ts");

        scope.Evaluator.Snapshots["self"].ShouldBe(new Dictionary<string, object?> { ["early"] = 1d });
        exports.GetKeys().ShouldBe(["early", "late"]);
        scope.Runner.EvaluatedModules.GetModuleById("/root/src/self.ts")!.Importers.ShouldBe(["/root/src/self.ts"]);
    }
}
