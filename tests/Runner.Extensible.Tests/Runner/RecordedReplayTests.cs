using System.Text.Json;
using System.Text.Json.Nodes;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

/// <summary>
/// Replays what a real Vite 8.3.8 server answered (tests/Runner.Extensible.Tests/Recorded) and checks that this
/// runner asks exactly what Vite's own ModuleRunner asked, in the same order, and sees what it saw.
/// </summary>
public sealed class RecordedReplayTests
{
    private static readonly string Root = RecordedFixtures.FixtureRoot;

    private static RunnerScope CreateScope(bool fakeHmr = false)
    {
        var evaluator = new TestEvaluator();
        evaluator.Externals[$"file://{Root}/node_modules/esm-pkg/index.js"] = () => TestScriptObject.FromValues([new("default", "esm default"), new("esmValue", "from esm-pkg")]);
        evaluator.Externals[$"file://{Root}/node_modules/cjs-pkg/index.js"] = () => TestScriptObject.FromValues([new("default", TestScriptObject.FromValues([new("cjsValue", "from cjs-pkg")]))]);
        evaluator.Externals["node:path"] = () => TestScriptObject.FromValues([new("join", new TestScriptFunction())]);
        return RunnerScope.Create(RecordedFixtures.Server(), evaluator: evaluator, fakeHmr: fakeHmr);
    }

    private static void ShouldMatchTrace(IReadOnlyList<InvokeCall> actual, IReadOnlyList<(string Method, JsonElement Arguments)> expected)
    {
        actual.Select(c => c.Method).ShouldBe(expected.Select(e => e.Method));
        for (var i = 0; i < expected.Count; i++)
        {
            JsonNode.DeepEquals(JsonNode.Parse(actual[i].Arguments.GetRawText()), JsonNode.Parse(expected[i].Arguments.GetRawText()))
                .ShouldBeTrue($"call {i}: expected {expected[i].Arguments.GetRawText()}, got {actual[i].Arguments.GetRawText()}");
        }
    }

    [Fact]
    public async Task Importing_the_fixture_entry_asks_exactly_what_Vites_runner_asked()
    {
        var trace = RecordedFixtures.Load("runner-import-main.json");
        await using var scope = CreateScope();

        var main = await scope.ImportAsync("/src/main.ts");
        // main.loadDynamic(): two literal specifiers rewritten by the server and one run-time specifier.
        var context = scope.Evaluator.Contexts[$"{Root}/src/main.ts"];
        var lazy = await context.DynamicImportAsync("/src/dyn/lazy.ts");
        var root = await context.DynamicImportAsync("/src/dyn/root.ts");
        var computed = await context.DynamicImportAsync("./dyn/" + "computed.ts");
        var again = await scope.ImportAsync("/src/main.ts");

        ShouldMatchTrace(scope.Server.Calls, RecordedFixtures.TraceRequests(trace));
        again.ShouldBeSameAs(main);
        trace.GetProperty("secondImport").GetProperty("sameNamespace").GetBoolean().ShouldBeTrue();
        var dynamic = trace.GetProperty("observed").GetProperty("dynamic").EnumerateArray().Select(e => e.GetString()).ToList();
        new[] { lazy.GetProperty("lazy"), root.GetProperty("root"), computed.GetProperty("computed") }.ShouldBe(dynamic);
        scope.Runner.EvaluatedModules.Modules.Where(m => m.Meta is InlinedFetchResult).ShouldAllBe(m => scope.Evaluator.EvaluationCount(m.Id) == 1);
    }

    [Fact]
    public async Task The_fixture_exports_match_what_Vites_runner_observed()
    {
        var observed = RecordedFixtures.Load("runner-import-main.json").GetProperty("observed").GetProperty("afterImport");
        await using var scope = CreateScope();

        var main = await scope.ImportAsync("/src/main.ts");

        main.GetKeys().ShouldBe(observed.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!), ignoreOrder: true);
        var reexports = (IScriptObject)main.GetProperty("reexports")!;
        var expectedReexports = observed.GetProperty("reexports");
        reexports.GetKeys().ShouldBe(expectedReexports.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!), ignoreOrder: true);
        reexports.GetProperty("starA").ShouldBe(expectedReexports.GetProperty("starA").GetString());
        reexports.GetProperty("shadowed").ShouldBe(expectedReexports.GetProperty("shadowed").GetString());
        ((IScriptObject)reexports.GetProperty("ns")!).GetKeys().ShouldBe(expectedReexports.GetProperty("nsKeys").EnumerateArray().Select(k => k.GetString()!), ignoreOrder: true);
        main.GetProperty("a").ShouldBe(observed.GetProperty("a").GetString());
        main.GetProperty("dataValue").ShouldBe(observed.GetProperty("dataValue").GetString());
        main.GetProperty("esmValue").ShouldBe(observed.GetProperty("esmValue").GetString());
        main.GetProperty("fromVirtual").ShouldBe(observed.GetProperty("fromVirtual").GetString());
        main.GetProperty("virtualDefault").ShouldBe(observed.GetProperty("virtualDefault").GetDouble());
    }

    [Fact]
    public async Task The_circular_pair_sees_partial_exports_as_Vites_runner_did()
    {
        var observed = RecordedFixtures.Load("runner-import-main.json").GetProperty("observed").GetProperty("afterImport");
        await using var scope = CreateScope();

        await scope.ImportAsync("/src/main.ts");

        var a = scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/cycle/a.ts")!.Exports!;
        var bImportOfA = scope.Evaluator.ImportsSeen.Single(i => i.ImporterId == $"{Root}/src/cycle/b.ts" && i.Specifier == "/src/cycle/a.ts");
        bImportOfA.Exports.ShouldBeSameAs(a);
        // Vite observed "a not evaluated yet": a's binding read as undefined while b evaluated.
        observed.GetProperty("bSawA").GetString().ShouldBe("a not evaluated yet");
        bImportOfA.ValuesAtImport["a"].ShouldBeNull();
        a.GetProperty("a").ShouldBe(observed.GetProperty("a").GetString());
        a.GetProperty("fromB").ShouldBe("b");
    }

    [Fact]
    public async Task Import_meta_matches_what_the_fixture_module_saw()
    {
        var meta = RecordedFixtures.Load("runner-import-main.json").GetProperty("observed").GetProperty("meta");
        await using var scope = CreateScope();

        await scope.ImportAsync("/src/main.ts");

        var importMeta = scope.Evaluator.Contexts[$"{Root}/src/meta.ts"].ImportMeta;
        importMeta.Url.ShouldBe(meta.GetProperty("url").GetString());
        importMeta.Filename.ShouldBe(meta.GetProperty("filename").GetString());
        importMeta.Dirname.ShouldBe($"{Root}/src");
    }

    [Fact]
    public async Task Failing_imports_ask_and_throw_what_Vites_runner_did()
    {
        var trace = RecordedFixtures.Load("runner-import-errors.json");
        var attempts = trace.GetProperty("observed").GetProperty("attempts").EnumerateArray().ToList();
        await using var scope = CreateScope();

        var evaluation = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync(attempts[0].GetProperty("url").GetString()!));
        var again = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync(attempts[1].GetProperty("url").GetString()!));
        var missing = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync(attempts[2].GetProperty("url").GetString()!));
        var parse = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync(attempts[3].GetProperty("url").GetString()!));

        ShouldMatchTrace(scope.Server.Calls, RecordedFixtures.TraceRequests(trace));
        evaluation.ErrorName.ShouldBe(attempts[0].GetProperty("error").GetProperty("name").GetString());
        evaluation.ErrorMessage.ShouldBe(attempts[0].GetProperty("error").GetProperty("message").GetString());
        again.ShouldBeSameAs(evaluation);
        missing.Message.ShouldBe(attempts[2].GetProperty("error").GetProperty("message").GetString());
        missing.Code.ShouldBe(attempts[2].GetProperty("error").GetProperty("code").GetString());
        parse.Message.ShouldBe(attempts[3].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unresolvable_bare_specifier_fails_with_the_recorded_server_error()
    {
        var recorded = RecordedFixtures.Load("fetch-errors.json").GetProperty("exchanges").EnumerateArray()
            .Single(e => e.GetProperty("method").GetString() == "fetchModule" && e.GetProperty("args")[0].GetString() == "missing-pkg");
        await using var scope = CreateScope();
        scope.Server.AddModule("/src/uses-missing.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("missing-pkg");""", id: $"{Root}/src/externals.ts");

        var ex = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/uses-missing.ts"));

        ex.Message.ShouldBe(recorded.GetProperty("response").GetProperty("error").GetProperty("message").GetString());
        JsonNode.DeepEquals(JsonNode.Parse(scope.Server.FetchCalls.Last().Arguments.GetRawText()), JsonNode.Parse(recorded.GetProperty("args").GetRawText())).ShouldBeTrue();
    }

    [Fact]
    public async Task Importing_the_HMR_entry_asks_what_Vites_runner_asked_and_keys_hot_contexts_by_server_url()
    {
        var trace = RecordedFixtures.Load("hmr-self-accept.json");
        var expected = RecordedFixtures.TraceRequests(trace, untilAction: "edit");
        await using var scope = CreateScope(fakeHmr: true);

        await scope.ImportAsync(trace.GetProperty("entry").GetString()!);

        ShouldMatchTrace(scope.Server.Calls, expected);
        scope.Hot!.Contexts.Select(c => c.OwnerPath).ShouldBe(expected.Where(e => e.Method == "fetchModule").Select(e => e.Arguments[0].GetString()!));
    }

    [Fact]
    public async Task Re_importing_an_edited_module_asks_with_cached_true_and_evaluates_the_new_code()
    {
        var trace = RecordedFixtures.Load("hmr-self-accept.json");
        var update = trace.GetProperty("afterAction").GetProperty("exchanges")[0];
        await using var scope = CreateScope();
        await scope.ImportAsync("/src/hmr/main.ts");
        var before = scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/hmr/self.ts")!.Exports;
        var callsBefore = scope.Server.Calls.Count;

        scope.Server.Edit("/src/hmr/self.ts", update.GetProperty("response").GetProperty("result").GetProperty("code").GetString()!);
        // What the HMR client's importUpdatedModule does: runner.import(acceptedPath).
        var after = await scope.ImportAsync("/src/hmr/self.ts");

        ShouldMatchTrace(scope.Server.Calls.Skip(callsBefore).ToList(), [("fetchModule", update.GetProperty("request").GetProperty("data"))]);
        after.ShouldNotBeSameAs(before);
        scope.Evaluator.EvaluationCount($"{Root}/src/hmr/self.ts").ShouldBe(2);
        scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/hmr/self.ts")!.Importers.ShouldContain($"{Root}/src/hmr/main.ts");
    }

    [Fact]
    public async Task A_full_reload_reimport_after_clearing_the_cache_asks_what_Vites_runner_asked()
    {
        var trace = RecordedFixtures.Load("hmr-full-reload.json");
        var afterAction = trace.GetProperty("afterAction").GetProperty("exchanges").EnumerateArray().ToList();
        await using var scope = CreateScope();
        await scope.ImportAsync("/src/hmr/main.ts");
        var callsBefore = scope.Server.Calls.Count;

        foreach (var exchange in afterAction.Where(e => e.GetProperty("response").GetProperty("result").GetProperty("invalidate").GetBoolean()))
        {
            var url = exchange.GetProperty("request").GetProperty("data")[0].GetString()!;
            scope.Server.Edit(url, exchange.GetProperty("response").GetProperty("result").GetProperty("code").GetString()!);
        }
        // What the HMR client does on full-reload: clear the runner's modules, then re-import the entry points.
        scope.Runner.EvaluatedModules.Clear();
        await scope.ImportAsync("/src/hmr/main.ts");

        ShouldMatchTrace(scope.Server.Calls.Skip(callsBefore).ToList(), afterAction.Select(e => ("fetchModule", e.GetProperty("request").GetProperty("data"))).ToList());
        scope.Runner.EvaluatedModules.Modules.Where(m => m.Meta is InlinedFetchResult).ShouldAllBe(m => scope.Evaluator.EvaluationCount(m.Id) == 2);
    }
}
