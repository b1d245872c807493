using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Support;

namespace Runner.Extensible.Tests.Coherence;

/// <summary>
/// The runner's behaviours that must not depend on how modules are fetched, run once as Vite's runner fetches
/// (plain server, coherence off) and once coherently (§7 server, coherence on). The wire details of Vite's mode are
/// pinned by the Runner tests; here only what the program sees is compared.
/// </summary>
public sealed class BothModesTests
{
    public static TheoryData<bool> Modes => new() { false, true };

    private static RunnerScope Start(bool coherent, FakeViteServer server, Func<ModuleRunnerComponents, ModuleRunnerComponents>? configure = null)
    {
        if (!coherent) return RunnerScope.Create(server, configure: configure);
        return CoherenceScope.Create(server, configure: configure).Scope;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_circular_import_sees_the_partially_populated_exports(bool coherent)
    {
        var server = new FakeViteServer()
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
        await using var scope = Start(coherent, server);

        var a = await scope.ImportAsync("/src/a.ts");

        scope.Evaluator.Snapshots["a-seen-by-b"].ShouldBe(new Dictionary<string, object?> { ["a"] = null, ["fromB"] = null });
        a.GetProperty("fromB").ShouldBe("b");
        scope.Runner.EvaluatedModules.GetModuleById("/root/src/b.ts")!.Exports!.GetProperty("aLater").ShouldBe("a");
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
        scope.Evaluator.EvaluationCount("/root/src/b.ts").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Three_parallel_imports_make_one_fetch_and_one_evaluation_and_return_the_same_object(bool coherent)
    {
        var server = new FakeViteServer().AddModule("/src/a.ts", "// test:export a=1");
        await using var scope = Start(coherent, server);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetchArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = server.Intercept;
        server.Intercept = async call =>
        {
            if (call.Method != "getBuiltins")
            {
                fetchArrived.TrySetResult();
                await release.Task;
            }
            return answer is null ? null : await answer(call);
        };
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        var imports = Enumerable.Range(0, 3).Select(_ => scope.ImportAsync("/src/a.ts")).ToArray();
        await fetchArrived.Task.WaitAsync(TestContext.Current.CancellationToken);
        release.SetResult();
        var results = await Task.WhenAll(imports);

        results[1].ShouldBeSameAs(results[0]);
        results[2].ShouldBeSameAs(results[0]);
        server.Calls.Count(c => c.Method != "getBuiltins").ShouldBe(1);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_failed_evaluation_is_cached_and_rethrown_as_the_same_exception(bool coherent)
    {
        var server = new FakeViteServer()
            .AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/bad.ts");""")
            .AddModule("/src/bad.ts", "// test:throw boom");
        await using var scope = Start(coherent, server);

        var first = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/main.ts"));
        var again = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/bad.ts"));

        again.ShouldBeSameAs(first);
        first.ErrorMessage.ShouldBe("boom");
        scope.Evaluator.EvaluationCount("/root/src/bad.ts").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Dynamic_imports_resolve_against_the_importer_url_and_share_the_static_instance(bool coherent)
    {
        var server = new FakeViteServer()
            .AddModule("/src/pages/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/lib/util.ts");""")
            .AddModule("/src/lib/util.ts", "// test:export util=1")
            .AddModule("/src/pages/sibling.ts", "// test:export sibling=1");
        await using var scope = Start(coherent, server);
        await scope.ImportAsync("/src/pages/main.ts");
        var context = scope.Evaluator.Contexts["/root/src/pages/main.ts"];
        var util = scope.Runner.EvaluatedModules.GetModuleById("/root/src/lib/util.ts")!.Exports;

        (await context.DynamicImportAsync("../lib/util.ts")).ShouldBeSameAs(util);
        (await context.DynamicImportAsync("./sibling.ts")).GetProperty("sibling").ShouldBe(1d);
        (await context.DynamicImportAsync("./sibling.ts")).GetProperty("sibling").ShouldBe(1d);
        scope.Evaluator.EvaluationCount("/root/src/pages/sibling.ts").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_missing_export_of_an_externalized_module_fails_the_static_import(bool coherent)
    {
        var server = new FakeViteServer()
            .AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("pkg", {"importedNames":["missing"]});""")
            .AddExternal("pkg", "file:///root/node_modules/pkg/index.js", "module");
        await using var scope = Start(coherent, server);
        scope.Evaluator.Externals["file:///root/node_modules/pkg/index.js"] = () => TestScriptObject.FromValues([new("present", 1)]);

        var error = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/main.ts"));

        error.ErrorMessage.ShouldBe("[vite] The requested module 'pkg' does not provide an export named 'missing'");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task An_HMR_re_import_of_an_edited_module_evaluates_it_again_and_keeps_its_unchanged_imports(bool coherent)
    {
        var server = new FakeViteServer()
            .AddModule("/src/parent.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/child.ts");""")
            .AddModule("/src/child.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/shared.ts");
                // test:export version=1
                """)
            .AddModule("/src/shared.ts", "// test:export shared=1");
        await using var scope = Start(coherent, server);
        await scope.ImportAsync("/src/parent.ts");

        server.Edit("/src/child.ts", """
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/shared.ts");
            // test:export version=2
            """);
        var child = await scope.ImportAsync("/src/child.ts");

        child.GetProperty("version").ShouldBe(2d);
        scope.Evaluator.EvaluationCount("/root/src/child.ts").ShouldBe(2);
        scope.Evaluator.EvaluationCount("/root/src/shared.ts").ShouldBe(1);
        scope.Evaluator.EvaluationCount("/root/src/parent.ts").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_full_reload_re_imports_the_entry_points_with_fresh_exports(bool coherent)
    {
        var server = new FakeViteServer()
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/leaf.ts");
                __vite_ssr_exportName__("value", () => { try { return __vite_ssr_import_0__.value } catch {} });
                """)
            .AddModule("/src/leaf.ts", "// test:export value=1");
        await using var scope = Start(coherent, server, c => c with { Hmr = true, HmrLogger = new RecordingHmrLogger() });
        var before = await scope.ImportAsync("/src/main.ts");

        server.Edit("/src/leaf.ts", "// test:export value=2");
        server.Invalidate("/src/main.ts");
        scope.Duplex.Push("""{"type":"full-reload","triggeredBy":"/root/src/leaf.ts","path":"*"}""");
        await scope.Runner.HotUpdates!.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var after = scope.Runner.EvaluatedModules.GetModuleById("/root/src/main.ts")!.Exports.ShouldNotBeNull();
        after.ShouldNotBeSameAs(before);
        after.GetProperty("value").ShouldBe(2d);
        before.GetProperty("value").ShouldBe(1d);
        scope.Evaluator.EvaluationCount("/root/src/main.ts").ShouldBe(2);
        scope.Evaluator.EvaluationCount("/root/src/leaf.ts").ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_fetch_error_is_not_cached_and_the_fixed_module_loads_next_time(bool coherent)
    {
        var server = new FakeViteServer().AddError("/src/a.ts", """{"name":"Error","message":"Transform failed","code":"ERR_X"}""");
        await using var scope = Start(coherent, server);

        var error = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/a.ts"));
        server.AddModule("/src/a.ts", "// test:export a=1");
        var a = await scope.ImportAsync("/src/a.ts");

        error.Message.ShouldBe("Transform failed");
        a.GetProperty("a").ShouldBe(1d);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task After_a_reconnect_a_change_made_meanwhile_is_seen_and_unchanged_modules_are_not_evaluated_again(bool coherent)
    {
        var server = CoherentFetchingTests.Graph();
        var coherence = coherent ? CoherenceScope.Create(server) : null;
        await using var scope = coherence?.Scope ?? RunnerScope.Create(server);
        await scope.ImportAsync("/src/main.ts");

        scope.Duplex.LoseConnection();
        server.Edit("/src/leaf.ts", "// test:export value=2");
        server.Invalidate("/src/dep.ts");
        server.Invalidate("/src/main.ts");
        coherence?.Coherent.NewConnection();
        scope.Duplex.Reconnect();
        var main = await scope.ImportAsync("/src/main.ts");

        main.GetProperty("leafValue").ShouldBe(2d);
        foreach (var name in new[] { "main", "dep", "leaf" }) scope.Evaluator.EvaluationCount($"/root/src/{name}.ts").ShouldBe(2, name);
        foreach (var name in new[] { "other", "a", "b" }) scope.Evaluator.EvaluationCount($"/root/src/{name}.ts").ShouldBe(1, name);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task After_clearing_the_cache_every_module_is_evaluated_again(bool coherent)
    {
        var server = new FakeViteServer()
            .AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/leaf.ts");""")
            .AddModule("/src/leaf.ts", "// test:export value=1");
        await using var scope = Start(coherent, server);
        var first = await scope.ImportAsync("/src/main.ts");

        scope.Runner.ClearCache();
        var second = await scope.ImportAsync("/src/main.ts");

        second.ShouldNotBeSameAs(first);
        scope.Evaluator.EvaluationCount("/root/src/main.ts").ShouldBe(2);
        scope.Evaluator.EvaluationCount("/root/src/leaf.ts").ShouldBe(2);
    }
}
