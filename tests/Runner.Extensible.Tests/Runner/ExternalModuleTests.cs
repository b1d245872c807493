using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class ExternalModuleTests
{
    private static RunnerScope CreateScope(string importerCode)
    {
        var evaluator = new TestEvaluator();
        evaluator.Externals["file:///root/node_modules/esm-pkg/index.js"] = () => TestScriptObject.FromValues([new("default", "esm default"), new("esmValue", "from esm-pkg")]);
        evaluator.Externals["file:///root/node_modules/cjs-pkg/index.js"] = () => TestScriptObject.FromValues([new("default", "cjs default")]);
        var scope = RunnerScope.Create(evaluator: evaluator);
        scope.Server
            .AddExternal("esm-pkg", "file:///root/node_modules/esm-pkg/index.js", "module")
            .AddExternal("cjs-pkg", "file:///root/node_modules/cjs-pkg/index.js", "commonjs")
            .AddModule("/src/main.ts", importerCode);
        return scope;
    }

    [Fact]
    public async Task Externalized_modules_are_loaded_by_the_evaluator_and_cached_under_their_path()
    {
        await using var scope = CreateScope("""
            __vite_ssr_exportName__("esmValue", () => { try { return __vite_ssr_import_0__.esmValue } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("esm-pkg", {"importedNames":["default","esmValue"]});
            const __vite_ssr_import_1__ = await __vite_ssr_import__("cjs-pkg", {"importedNames":["default"]});
            """);

        var main = await scope.ImportAsync("/src/main.ts");

        main.GetProperty("esmValue").ShouldBe("from esm-pkg");
        scope.Evaluator.ExternalLoads.ShouldBe(["file:///root/node_modules/esm-pkg/index.js", "file:///root/node_modules/cjs-pkg/index.js"]);
        var esm = scope.Runner.EvaluatedModules.GetModuleById("/root/node_modules/esm-pkg/index.js").ShouldNotBeNull();
        esm.File.ShouldBe("/root/node_modules/esm-pkg/index.js");
        esm.Url.ShouldBe("esm-pkg");
        esm.IsEvaluated.ShouldBeTrue();
        scope.Server.FetchCalls.Select(c => (c.Url, c.Importer)).ShouldBe([
            ("/src/main.ts", null), ("esm-pkg", "/root/src/main.ts"), ("cjs-pkg", "/root/src/main.ts"),
        ]);
    }

    [Fact]
    public async Task A_static_import_of_a_missing_ESM_export_throws_Vites_SyntaxError()
    {
        await using var scope = CreateScope("""
            const __vite_ssr_import_0__ = await __vite_ssr_import__("esm-pkg", {"importedNames":["nope","esmValue","missing"]});
            """);

        var ex = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/main.ts"));

        ex.ErrorName.ShouldBe("SyntaxError");
        ex.ErrorMessage.ShouldBe("[vite] The requested module 'esm-pkg' does not provide an export named 'missing'");
    }

    [Fact]
    public async Task A_static_import_of_a_missing_CommonJS_export_throws_Vites_SyntaxError()
    {
        await using var scope = CreateScope("""
            const __vite_ssr_import_0__ = await __vite_ssr_import__("cjs-pkg", {"importedNames":["default","a","b"]});
            """);

        var ex = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/main.ts"));

        ex.ErrorName.ShouldBe("SyntaxError");
        ex.ErrorMessage.ShouldBe(
            "[vite] Named export 'b' not found. The requested module 'cjs-pkg' is a CommonJS module, which may not support all module.exports as named exports.\n"
            + "CommonJS modules can always be imported via the default export, for example using:\n\n"
            + "import pkg from 'cjs-pkg';\nconst {a, b} = pkg;\n");
    }

    [Fact]
    public async Task The_export_check_runs_for_every_static_import_even_of_a_loaded_external()
    {
        await using var scope = CreateScope("""
            const __vite_ssr_import_0__ = await __vite_ssr_import__("esm-pkg", {"importedNames":["esmValue"]});
            """);
        scope.Server.AddModule("/src/second.ts", """
            const __vite_ssr_import_0__ = await __vite_ssr_import__("esm-pkg", {"importedNames":["notThere"]});
            """);
        await scope.ImportAsync("/src/main.ts");

        var ex = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/second.ts"));

        ex.ErrorMessage.ShouldBe("[vite] The requested module 'esm-pkg' does not provide an export named 'notThere'");
        scope.Evaluator.ExternalLoads.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Dynamic_imports_and_builtins_skip_the_export_check()
    {
        var evaluator = new TestEvaluator();
        evaluator.Externals["node:path"] = () => TestScriptObject.FromValues([new("join", "join")]);
        evaluator.Externals["file:///root/node_modules/esm-pkg/index.js"] = () => TestScriptObject.FromValues([new("default", 1)]);
        await using var scope = RunnerScope.Create(evaluator: evaluator);
        scope.Server
            .AddExternal("esm-pkg", "file:///root/node_modules/esm-pkg/index.js", "module")
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("node:path", {"importedNames":["notInPath"]});
                const dyn = await __vite_ssr_dynamic_import__("esm-pkg");
                """);

        await scope.ImportAsync("/src/main.ts");

        evaluator.ExternalLoads.ShouldBe(["node:path", "file:///root/node_modules/esm-pkg/index.js"]);
    }

    [Fact]
    public async Task A_failing_external_load_is_cached_like_any_failed_evaluation()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddExternal("gone-pkg", "file:///root/node_modules/gone-pkg/index.js", "module");

        var first = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("gone-pkg"));
        var second = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("gone-pkg"));

        first.ErrorMessage.ShouldBe("Cannot find module 'file:///root/node_modules/gone-pkg/index.js'");
        second.ShouldBeSameAs(first);
        scope.Evaluator.ExternalLoads.Count.ShouldBe(1);
    }
}
