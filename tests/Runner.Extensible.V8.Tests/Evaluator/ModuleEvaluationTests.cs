using Runner.Extensible.Scripting;

namespace Runner.Extensible.V8.Tests.Evaluator;

/// <summary>The wrapper and the exports object, as Vite's ESModulesEvaluator and directRequest define them.</summary>
public sealed class ModuleEvaluationTests
{
    [Fact]
    public async Task Start_offset_is_three_and_code_lines_appear_that_far_down()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/err.js"] = "const x = 1;\nthrow new Error('boom');\n//# sourceURL=/src/err.js";

        var error = await Should.ThrowAsync<ScriptException>(() => runner.ImportAsync("/src/err.js"));

        runner.Evaluator.StartOffset.ShouldBe(3);
        error.ErrorName.ShouldBe("Error");
        error.ErrorMessage.ShouldBe("boom");
        error.ScriptStack.ShouldNotBeNull().ShouldContain("/src/err.js:5:7");
    }

    [Fact]
    public async Task Named_default_and_reexported_bindings()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/dep.js"] = """
            __vite_ssr_exportName__("value", () => { try { return value } catch {} });
            __vite_ssr_exportName__("default", () => { try { return __vite_ssr_export_default__ } catch {} });
            const value = 41;
            const __vite_ssr_export_default__ = 'dep default';
            """;
        runner.Sources["/src/entry.js"] = """
            __vite_ssr_exportName__("plusOne", () => { try { return plusOne } catch {} });
            __vite_ssr_exportName__("renamed", () => { try { return __vite_ssr_import_0__.value } catch {} });
            __vite_ssr_exportName__("depDefault", () => { try { return __vite_ssr_import_0__.default } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/dep.js", {"importedNames":["value","default"]});
            function plusOne() { return (0,__vite_ssr_import_0__.value) + 1 }
            """;

        var exports = await runner.ImportAsync("/src/entry.js");

        exports.GetKeys().ShouldBe(["plusOne", "renamed", "depDefault"]);
        (await exports.InvokeAsync<double>("plusOne")).ShouldBe(42);
        exports.Get<double>("renamed").ShouldBe(41);
        exports.Get<string>("depDefault").ShouldBe("dep default");
        runner.Log.ShouldContain("import /src/dep.js [value,default]");
    }

    [Fact]
    public async Task Exports_are_live_bindings()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/counter.js"] = """
            __vite_ssr_exportName__("count", () => { try { return count } catch {} });
            __vite_ssr_exportName__("increment", () => { try { return increment } catch {} });
            let count = 0;
            function increment() { count++ }
            """;
        runner.Sources["/src/reexport.js"] = """
            __vite_ssr_exportName__("count", () => { try { return __vite_ssr_import_0__.count } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/counter.js", {"importedNames":["count"]});
            """;

        var counter = await runner.ImportAsync("/src/counter.js");
        var reexport = await runner.ImportAsync("/src/reexport.js");
        await counter.GetFunction("increment").InvokeAsync();
        await counter.GetFunction("increment").InvokeAsync();

        counter.Get<double>("count").ShouldBe(2);
        reexport.Get<double>("count").ShouldBe(2);
    }

    [Fact]
    public async Task Export_all_skips_default_esModule_and_names_already_present()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/source.js"] = """
            __vite_ssr_exportName__("a", () => { try { return 'a from source' } catch {} });
            __vite_ssr_exportName__("b", () => { try { return 'b from source' } catch {} });
            __vite_ssr_exportName__("default", () => { try { return 'source default' } catch {} });
            __vite_ssr_exportName__("__esModule", () => { try { return true } catch {} });
            """;
        runner.Sources["/src/star.js"] = """
            __vite_ssr_exportName__("b", () => { try { return 'b wins' } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/source.js");
            __vite_ssr_exportAll__(__vite_ssr_import_0__);
            __vite_ssr_exportAll__([1, 2]);
            __vite_ssr_exportAll__(Promise.resolve({ p: 1 }));
            __vite_ssr_exportAll__(42);
            __vite_ssr_exportAll__(__vite_ssr_exports__);
            """;

        var star = await runner.ImportAsync("/src/star.js");

        star.GetKeys().ShouldBe(["b", "a"]);
        star.Get<string>("a").ShouldBe("a from source");
        star.Get<string>("b").ShouldBe("b wins");
        star.HasProperty("default").ShouldBeFalse();
    }

    [Fact]
    public async Task The_exports_object_is_a_sealed_null_prototype_module_with_vites_error_messages()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/target.js"] = """__vite_ssr_exportName__("test", () => { try { return 'value' } catch {} });""";
        runner.Sources["/src/probe.js"] = """
            __vite_ssr_exportName__("report", () => { try { return report } catch {} });
            const m = await __vite_ssr_import__("/src/target.js");
            const attempt = (f) => { try { f(); return 'no error' } catch (e) { return e.message } };
            const report = [
              String(Object.getPrototypeOf(m)),
              Object.prototype.toString.call(m),
              String(Object.isSealed(m)),
              String(Object.getOwnPropertyDescriptor(m, Symbol.toStringTag).enumerable),
              attempt(() => { m.test = 1 }),
              attempt(() => { delete m.test }),
              attempt(() => Object.defineProperty(m, 'test', { value: 1 })),
              attempt(() => { m.other = 1 }),
            ];
            """;

        var probe = await runner.ImportAsync("/src/probe.js");

        probe.GetProperty("report").ShouldBe(new object?[]
        {
            "null",
            "[object Module]",
            "true",
            "false",
            "Cannot set property test of [object Module] which has only a getter",
            "Cannot delete property 'test' of [object Module]",
            "Cannot redefine property: test",
            "Cannot add property other, object is not extensible",
        });
    }

    [Fact]
    public async Task Exports_are_published_before_the_code_runs_and_this_is_undefined()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/dep.js"] = "";
        runner.Sources["/src/entry.js"] = """
            __vite_ssr_exportName__("self", () => { try { return self } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/dep.js");
            const self = String(this);
            """;

        var entry = await runner.ImportAsync("/src/entry.js");

        entry.Get<string>("self").ShouldBe("undefined");
        runner.Log.ToList().ShouldBe(["import /src/entry.js", "publish /src/entry.js", "import /src/dep.js", "publish /src/dep.js"]);
    }

    [Fact]
    public async Task Circular_imports_see_the_partially_filled_exports()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/a.js"] = """
            __vite_ssr_exportName__("a", () => { try { return a } catch {} });
            __vite_ssr_exportName__("seenByB", () => { try { return __vite_ssr_import_0__.aAtLoad } catch {} });
            __vite_ssr_exportName__("bGetA", () => { try { return __vite_ssr_import_0__.getA() } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/b.js", {"importedNames":["aAtLoad","getA"]});
            const a = 'a';
            """;
        runner.Sources["/src/b.js"] = """
            __vite_ssr_exportName__("aAtLoad", () => { try { return aAtLoad } catch {} });
            __vite_ssr_exportName__("getA", () => { try { return getA } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/a.js", {"importedNames":["a"]});
            const aAtLoad = String(__vite_ssr_import_0__.a);
            function getA() { return __vite_ssr_import_0__.a }
            """;

        var a = await runner.ImportAsync("/src/a.js");

        a.Get<string>("seenByB").ShouldBe("undefined");
        a.Get<string>("bGetA").ShouldBe("a");
    }

    [Fact]
    public async Task Dynamic_import_goes_through_the_context_with_the_specifier_as_a_string()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/lazy.js"] = """__vite_ssr_exportName__("lazy", () => { try { return 'loaded lazily' } catch {} });""";
        runner.Sources["/src/entry.js"] = """
            __vite_ssr_exportName__("load", () => { try { return load } catch {} });
            const load = async () => (await __vite_ssr_dynamic_import__({ toString: () => '/src/lazy.js' })).lazy;
            """;

        var entry = await runner.ImportAsync("/src/entry.js");

        (await entry.InvokeAsync<string>("load")).ShouldBe("loaded lazily");
        runner.Log.ShouldContain("import /src/lazy.js dynamic");
    }

    [Fact]
    public async Task A_failing_import_rejects_with_the_same_error_object_everywhere()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/broken.js"] = "throw new TypeError('broken module');";
        runner.Sources["/src/first.js"] = """
            __vite_ssr_exportName__("caught", () => { try { return caught } catch {} });
            let caught;
            try { await __vite_ssr_import__("/src/broken.js"); } catch (e) { caught = e }
            """;
        runner.Sources["/src/second.js"] = """
            __vite_ssr_exportName__("same", () => { try { return same } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/first.js");
            let same;
            try { await __vite_ssr_import__("/src/broken.js"); } catch (e) { same = e === __vite_ssr_import_0__.caught && e instanceof TypeError }
            """;

        var second = await runner.ImportAsync("/src/second.js");

        second.Get<bool>("same").ShouldBeTrue();
        var direct = await Should.ThrowAsync<ScriptException>(() => runner.ImportAsync("/src/broken.js"));
        direct.ErrorName.ShouldBe("TypeError");
        direct.ErrorMessage.ShouldBe("broken module");
    }

    [Fact]
    public async Task A_syntax_error_fails_the_evaluation()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/bad.js"] = "const = 1;";

        var error = await Should.ThrowAsync<ScriptException>(() => runner.ImportAsync("/src/bad.js"));

        error.ErrorName.ShouldBe("SyntaxError");
    }

    [Fact]
    public async Task Modules_evaluate_concurrently_from_many_threads()
    {
        await using var runner = await TestRunner.StartAsync();
        for (var i = 0; i < 100; i++)
            runner.Sources[$"/src/m{i}.js"] = $$"""
                __vite_ssr_exportName__("n", () => { try { return n } catch {} });
                await new Promise((r) => setTimeout(r, 1));
                const n = {{i}};
                """;

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () => (await runner.ImportAsync($"/src/m{i}.js")).Get<double>("n"))));

        results.ShouldBe(Enumerable.Range(0, 100).Select(i => (double)i));
    }
}
