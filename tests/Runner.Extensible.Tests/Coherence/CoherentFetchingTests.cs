using System.Text.Json;
using Runner.Extensible.Coherence;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

namespace Runner.Extensible.Tests.Coherence;

/// <summary>The runner's rules of PROTOCOL.md §7.4, against a server that implements §7.</summary>
public sealed class CoherentFetchingTests
{
    private const string Root = "/root";

    /// <summary>main → dep → leaf, main → other, and a cycle a ↔ b under main; main re-exports leaf's value live.</summary>
    internal static FakeViteServer Graph(FakeViteServer? server = null) =>
        (server ?? new FakeViteServer())
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/dep.ts");
                const __vite_ssr_import_1__ = await __vite_ssr_import__("/src/other.ts");
                const __vite_ssr_import_2__ = await __vite_ssr_import__("/src/a.ts");
                __vite_ssr_exportName__("leafValue", () => { try { return __vite_ssr_import_0__.leafValue } catch {} });
                """)
            .AddModule("/src/dep.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/leaf.ts");
                __vite_ssr_exportName__("leafValue", () => { try { return __vite_ssr_import_0__.value } catch {} });
                """)
            .AddModule("/src/leaf.ts", "// test:export value=1")
            .AddModule("/src/other.ts", "// test:export other=true")
            .AddModule("/src/a.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/b.ts");
                // test:export a="a"
                """)
            .AddModule("/src/b.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/a.ts");
                // test:export b="b"
                """);

    private static readonly string[] GraphIds = ["main", "dep", "leaf", "other", "a", "b"];

    private static int Evaluations(CoherenceScope scope, string name) => scope.Evaluator.EvaluationCount($"{Root}/src/{name}.ts");

    /// <summary>What Vite's HMR propagation invalidates when leaf changes: leaf and its importers up the chain.</summary>
    private static void EditLeaf(FakeViteServer server, int value)
    {
        server.Edit("/src/leaf.ts", $"// test:export value={value}");
        server.Invalidate("/src/dep.ts");
        server.Invalidate("/src/main.ts");
    }

    [Fact]
    public async Task A_fresh_graph_is_fetched_in_one_round_trip_with_its_static_imports_prefetched()
    {
        await using var scope = CoherenceScope.Create(Graph());

        var main = await scope.ImportAsync("/src/main.ts");

        main.GetProperty("leafValue").ShouldBe(1d);
        scope.RoundTrips.ShouldBe(1);
        scope.Coherent.RequestedUrls.ShouldBe([["/src/main.ts"]]);
        scope.Server.FetchCalls.ShouldBeEmpty();
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(1, name);
        scope.Coherent.Held.Count.ShouldBe(GraphIds.Length);
        // The request is Vite's triple; options carry the evaluator's startOffset.
        var arguments = scope.Coherent.Calls[0].Arguments;
        arguments[0][0].GetRawText().ShouldBe("""{"url":"/src/main.ts","importer":null,"cached":false}""");
        arguments[1].GetRawText().ShouldBe("""{"startOffset":3}""");
    }

    [Fact]
    public async Task Held_modules_are_used_with_no_round_trip()
    {
        await using var scope = CoherenceScope.Create(Graph());
        var main = await scope.ImportAsync("/src/main.ts");

        var again = await scope.ImportAsync("/src/main.ts");
        var leaf = await scope.ImportAsync("/src/leaf.ts");
        var b = await scope.ImportAsync("/src/b.ts");

        again.ShouldBeSameAs(main);
        leaf.GetProperty("value").ShouldBe(1d);
        b.GetProperty("b").ShouldBe("b");
        scope.RoundTrips.ShouldBe(1);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(1, name);
    }

    [Fact]
    public async Task A_notice_makes_the_next_import_fetch_and_evaluate_again_in_one_round_trip()
    {
        await using var scope = CoherenceScope.Create(Graph());
        var before = await scope.ImportAsync("/src/main.ts");

        EditLeaf(scope.Server, 2);
        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/main.ts")!.Stale, "the notices are applied");
        var after = await scope.ImportAsync("/src/main.ts");

        after.ShouldNotBeSameAs(before);
        after.GetProperty("leafValue").ShouldBe(2d);
        before.GetProperty("leafValue").ShouldBe(1d);
        // The imported module first, then the other modules the notices named, in one call.
        scope.Coherent.RequestedUrls.Skip(1).ShouldBe([["/src/main.ts", "/src/dep.ts", "/src/leaf.ts"]], ignoreOrder: false);
        scope.Coherent.Calls[1].Arguments[0].EnumerateArray().Select(r => r.GetProperty("cached").GetBoolean()).ShouldAllBe(cached => cached);
        scope.RoundTrips.ShouldBe(2);
        foreach (var name in new[] { "main", "dep", "leaf" }) Evaluations(scope, name).ShouldBe(2, name);
        foreach (var name in new[] { "other", "a", "b" }) Evaluations(scope, name).ShouldBe(1, name);
    }

    [Fact]
    public async Task A_call_that_only_refreshes_held_copies_asks_for_no_prefetch_and_a_new_import_costs_one_more_round_trip()
    {
        var server = Graph().AddModule("/src/extra.ts", "// test:export extra=1");
        await using var scope = CoherenceScope.Create(server);
        await scope.ImportAsync("/src/main.ts");

        scope.Server.Edit("/src/leaf.ts", """
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/extra.ts");
            // test:export value=2
            """);
        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale, "the notice is applied");
        var leaf = await scope.ImportAsync("/src/leaf.ts");

        leaf.GetProperty("value").ShouldBe(2d);
        scope.Coherent.Calls[1].Arguments[1].GetProperty("prefetch").GetBoolean().ShouldBeFalse();
        scope.Coherent.RequestedUrls.Skip(1).ShouldBe([["/src/leaf.ts"], ["/src/extra.ts"]]);
        scope.Coherent.Calls[2].Arguments[1].TryGetProperty("prefetch", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_a_notice_an_edit_the_server_has_not_made_known_is_not_seen_exactly_as_with_Vite()
    {
        // Vite answers {cache:true} for main as long as main's own transform is kept: an edit of leaf that did not
        // invalidate main (an accepting boundary) is seen through leaf only. The same holds here.
        await using var scope = CoherenceScope.Create(Graph());
        await scope.ImportAsync("/src/main.ts");

        scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale, "the notice is applied");
        var main = await scope.ImportAsync("/src/main.ts");
        var leaf = await scope.ImportAsync("/src/leaf.ts");

        main.GetProperty("leafValue").ShouldBe(1d);
        leaf.GetProperty("value").ShouldBe(2d);
        scope.Coherent.RequestedUrls.Skip(1).ShouldBe([["/src/leaf.ts"]]);
        Evaluations(scope, "main").ShouldBe(1);
        Evaluations(scope, "leaf").ShouldBe(2);
    }

    [Fact]
    public async Task A_prefetched_module_invalidated_while_the_call_ran_is_fetched_again_when_imported()
    {
        await using var scope = CoherenceScope.Create(Graph());
        var answers = 0;
        scope.Coherent.BeforeAssembling = () =>
        {
            if (answers++ == 0) scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
            return Task.CompletedTask;
        };

        var main = await scope.ImportAsync("/src/main.ts");

        // The first answer listed leaf as invalidated: dep's import of leaf asked again, as Vite's runner would have
        // asked at that moment, and got the edit. Trusting the prefetched copy would have shown 1.
        main.GetProperty("leafValue").ShouldBe(2d);
        scope.Coherent.RequestedUrls.ShouldBe([["/src/main.ts"], ["/src/leaf.ts"]]);
        scope.Coherent.Calls[1].Arguments[0][0].GetProperty("cached").GetBoolean().ShouldBeTrue();
        Evaluations(scope, "leaf").ShouldBe(1);
        scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale.ShouldBeFalse();
        (await scope.ImportAsync("/src/leaf.ts")).GetProperty("value").ShouldBe(2d);
        scope.Coherent.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_requested_module_invalidated_while_the_call_ran_is_used_once_and_fetched_again_next_time()
    {
        await using var scope = CoherenceScope.Create(Graph());
        scope.Coherent.BeforeAssembling = () =>
        {
            scope.Coherent.BeforeAssembling = null;
            scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
            return Task.CompletedTask;
        };

        var first = await scope.ImportAsync("/src/leaf.ts");

        // Like Vite's runner, whose fetch answered just before the edit: the delivered code is what this import runs.
        first.GetProperty("value").ShouldBe(1d);
        scope.Coherent.Stale.ShouldBe([$"{Root}/src/leaf.ts"]);
        scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale.ShouldBeTrue();

        var second = await scope.ImportAsync("/src/leaf.ts");

        second.GetProperty("value").ShouldBe(2d);
        scope.Coherent.RequestedUrls.ShouldBe([["/src/leaf.ts"], ["/src/leaf.ts"]]);
        Evaluations(scope, "leaf").ShouldBe(2);
    }

    [Fact]
    public async Task A_notice_that_overtakes_the_answer_it_follows_is_not_lost()
    {
        // The server sends the answer (leaf delivered), then invalidates leaf and sends a notice. The runner applies
        // the notice on arrival, before the answer's continuation has stored leaf: the answer must not undo it.
        var answerReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applyAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = new HoldingStep(CoherentViteServer.Method, answerReceived, applyAnswer.Task);
        await using var scope = CoherenceScope.Create(Graph(), configure: c => c with { InvokeSteps = [step] });

        var importing = scope.ImportAsync("/src/main.ts");
        await answerReceived.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
        scope.Coherent.NoticesSent.Count.ShouldBe(1);
        applyAnswer.SetResult();
        var main = await importing;

        // Storing the prefetched leaf as current would have hidden the edit (value 1): dep's import asked again.
        main.GetProperty("leafValue").ShouldBe(2d);
        scope.Coherent.RequestedUrls.ShouldBe([["/src/main.ts"], ["/src/leaf.ts"]]);
        Evaluations(scope, "leaf").ShouldBe(1);
        (await scope.ImportAsync("/src/leaf.ts")).GetProperty("value").ShouldBe(2d);
        scope.Coherent.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_notice_arriving_while_another_fetch_is_in_flight_is_applied_at_once()
    {
        var server = Graph().AddModule("/src/late.ts", "// test:wait late");
        var answerReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applyAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var scope = CoherenceScope.Create(server);
        await scope.ImportAsync("/src/main.ts");
        var delay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Coherent.BeforeAssembling = () => delay.Task;

        var late = scope.ImportAsync("/src/late.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Coherent.Calls.Count == 2, "the second call is in flight");
        scope.Coherent.BeforeAssembling = null;
        scope.Server.Edit("/src/leaf.ts", "// test:export value=2");

        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale, "the notice is applied while the call is in flight");
        delay.SetResult();
        scope.Evaluator.Gate("late").SetResult();
        await late;
        (await scope.ImportAsync("/src/leaf.ts")).GetProperty("value").ShouldBe(2d);
    }

    [Fact]
    public async Task An_answer_that_names_a_notice_not_yet_received_makes_held_modules_unconfirmed_until_it_arrives()
    {
        // HTTP-like: answers travel on their own requests, notices on the event stream, which can lag behind.
        var server = Graph().AddModule("/src/new.ts", "// test:export n=1");
        await using var scope = CoherenceScope.Create(server, TransportFlavor.InvokeAndDuplex);
        await scope.ImportAsync("/src/main.ts");
        scope.Coherent.HoldNotices = true;

        scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
        await scope.ImportAsync("/src/new.ts");
        scope.Held.NoticesBehind.ShouldBeTrue();
        var leaf = await scope.ImportAsync("/src/leaf.ts");

        // Without the rule leaf would have been served from the cache with value 1.
        leaf.GetProperty("value").ShouldBe(2d);
        scope.Coherent.RequestedUrls.Last().ShouldBe(["/src/leaf.ts"]);
        scope.Coherent.ReleaseNotices();
        await RunnerScope.WaitUntilAsync(() => !scope.Held.NoticesBehind, "the notice arrives");
        var calls = scope.Coherent.Calls.Count;
        await scope.ImportAsync("/src/other.ts");
        scope.Coherent.Calls.Count.ShouldBe(calls);
    }

    [Fact]
    public async Task A_lagging_notice_that_arrives_during_the_wait_is_applied_and_the_module_fetched()
    {
        var server = Graph().AddModule("/src/new.ts", "// test:export n=1");
        await using var scope = CoherenceScope.Create(server, TransportFlavor.InvokeAndDuplex);
        await scope.ImportAsync("/src/main.ts");
        scope.Coherent.HoldNotices = true;
        scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
        await scope.ImportAsync("/src/new.ts");

        var leaf = scope.ImportAsync("/src/leaf.ts");
        scope.Coherent.ReleaseNotices();

        (await leaf).GetProperty("value").ShouldBe(2d);
        scope.Held.NoticesBehind.ShouldBeFalse();
    }

    [Fact]
    public async Task After_a_reconnect_held_modules_are_confirmed_with_the_server_before_use()
    {
        await using var scope = CoherenceScope.Create(Graph());
        var main = await scope.ImportAsync("/src/main.ts");
        var generation = scope.Held.Generation;

        scope.Reconnect();
        var again = await scope.ImportAsync("/src/main.ts");
        var andAgain = await scope.ImportAsync("/src/main.ts");

        scope.Held.Generation.ShouldBeGreaterThan(generation);
        again.ShouldBeSameAs(main);
        andAgain.ShouldBeSameAs(main);
        // One call confirms everything the old connection delivered, the imported module first.
        scope.Coherent.Calls.Count.ShouldBe(2);
        scope.Coherent.RequestedUrls[1][0].ShouldBe("/src/main.ts");
        scope.Coherent.RequestedUrls[1].ShouldBe(GraphIds.Select(n => $"/src/{n}.ts"), ignoreOrder: true);
        scope.Coherent.Calls[1].Arguments[0].EnumerateArray().ShouldAllBe(r => r.GetProperty("cached").GetBoolean());
        scope.Coherent.Held.Count.ShouldBe(GraphIds.Length);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(1, name);
        (await scope.ImportAsync("/src/leaf.ts")).GetProperty("value").ShouldBe(1d);
        scope.Coherent.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task While_the_connection_is_lost_held_modules_are_not_trusted_and_an_import_fails_as_Vites_would()
    {
        await using var scope = CoherenceScope.Create(Graph());
        await scope.ImportAsync("/src/main.ts");

        scope.Transport.LoseConnection();
        var failure = await Should.ThrowAsync<Transports.TransportException>(() => scope.ImportAsync("/src/leaf.ts"));

        failure.Message.ShouldStartWith("invoke was called before connect");
        scope.Coherent.NewConnection();
        scope.Transport.Reconnect();
        (await scope.ImportAsync("/src/leaf.ts")).GetProperty("value").ShouldBe(1d);
    }

    [Fact]
    public async Task A_change_made_while_disconnected_is_seen_after_the_reconnect_and_unchanged_modules_are_not_evaluated_again()
    {
        await using var scope = CoherenceScope.Create(Graph());
        await scope.ImportAsync("/src/main.ts");

        scope.Transport.LoseConnection();
        EditLeaf(scope.Server, 2);
        scope.Coherent.NewConnection();
        scope.Transport.Reconnect();
        var main = await scope.ImportAsync("/src/main.ts");

        // As Vite's runner: main, dep and leaf lost their transforms and are evaluated again; the rest are {cache:true}.
        main.GetProperty("leafValue").ShouldBe(2d);
        foreach (var name in new[] { "main", "dep", "leaf" }) Evaluations(scope, name).ShouldBe(2, name);
        foreach (var name in new[] { "other", "a", "b" }) Evaluations(scope, name).ShouldBe(1, name);
        scope.Coherent.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Warm_re_execution_evaluates_held_code_again_with_no_round_trip()
    {
        await using var scope = CoherenceScope.Create(Graph());
        var first = await scope.ImportAsync("/src/main.ts");

        scope.Runner.ClearCache();
        var second = await scope.ImportAsync("/src/main.ts");

        second.ShouldNotBeSameAs(first);
        second.GetProperty("leafValue").ShouldBe(1d);
        scope.RoundTrips.ShouldBe(1);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
    }

    [Fact]
    public async Task Clearing_the_cache_drops_invalidated_code_reports_it_and_fetches_it_in_one_round_trip()
    {
        await using var scope = CoherenceScope.Create(Graph());
        await scope.ImportAsync("/src/main.ts");
        scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale, "the notice is applied");

        scope.Runner.ClearCache();
        scope.Held.GetById($"{Root}/src/leaf.ts").ShouldBeNull();
        var main = await scope.ImportAsync("/src/main.ts");

        main.GetProperty("leafValue").ShouldBe(2d);
        scope.Coherent.RequestedUrls.Skip(1).ShouldBe([["/src/leaf.ts"]]);
        var call = scope.Coherent.Calls[1].Arguments;
        call[0][0].GetProperty("cached").GetBoolean().ShouldBeFalse();
        call[1].GetProperty("dropped").EnumerateArray().Select(e => e.GetString()).ShouldBe([$"{Root}/src/leaf.ts"]);
        scope.Held.PendingDropped.ShouldBeEmpty();
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
    }

    [Fact]
    public async Task A_notice_after_clearing_the_cache_makes_the_held_code_be_fetched_again()
    {
        await using var scope = CoherenceScope.Create(Graph());
        await scope.ImportAsync("/src/main.ts");
        scope.Runner.ClearCache();

        scope.Server.Edit("/src/leaf.ts", "// test:export value=3");
        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/leaf.ts")!.Stale, "the notice is applied");
        var main = await scope.ImportAsync("/src/main.ts");

        main.GetProperty("leafValue").ShouldBe(3d);
        scope.Coherent.RequestedUrls.Skip(1).ShouldBe([["/src/leaf.ts"]]);
        scope.Coherent.Calls[1].Arguments[0][0].GetProperty("cached").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_full_reload_evaluates_held_code_and_fetches_what_changed_in_one_round_trip()
    {
        await using var scope = CoherenceScope.Create(Graph(), configure: c => c with { Hmr = true, HmrLogger = new RecordingHmrLogger() });
        var before = await scope.ImportAsync("/src/main.ts");

        EditLeaf(scope.Server, 2);
        scope.Transport.Push("""{"type":"full-reload","triggeredBy":"/root/src/leaf.ts","path":"*"}""");
        await scope.Runner.HotUpdates!.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var after = scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/main.ts")!.Exports.ShouldNotBeNull();
        after.ShouldNotBeSameAs(before);
        after.GetProperty("leafValue").ShouldBe(2d);
        scope.RoundTrips.ShouldBe(2);
        scope.Coherent.RequestedUrls[1].ShouldBe(["/src/main.ts"]);
        scope.Coherent.Calls[1].Arguments[1].GetProperty("dropped").EnumerateArray().Select(e => e.GetString())
            .ShouldBe([$"{Root}/src/main.ts", $"{Root}/src/dep.ts", $"{Root}/src/leaf.ts"], ignoreOrder: true);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
    }

    [Fact]
    public async Task An_HMR_re_import_fetches_only_the_changed_module_and_keeps_its_unchanged_imports()
    {
        var server = Graph();
        server.AddModule("/src/leaf.ts", """
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/other.ts");
            // test:export value=1
            """);
        await using var scope = CoherenceScope.Create(server);
        await scope.ImportAsync("/src/main.ts");

        // Vite's HMR client re-imports the accepted module after the update payload (the notice came first).
        scope.Server.Edit("/src/leaf.ts", """
            const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/other.ts");
            // test:export value=2
            """);
        var leaf = await scope.ImportAsync("/src/leaf.ts");

        leaf.GetProperty("value").ShouldBe(2d);
        scope.Coherent.RequestedUrls.Skip(1).ShouldBe([["/src/leaf.ts"]]);
        Evaluations(scope, "leaf").ShouldBe(2);
        Evaluations(scope, "other").ShouldBe(1);
        Evaluations(scope, "dep").ShouldBe(1);
    }

    [Fact]
    public async Task An_error_for_the_imported_module_is_thrown_as_fetchModule_would_and_not_held()
    {
        var server = new FakeViteServer().AddError("/src/broken.ts", """{"name":"SyntaxError","message":"Unexpected token (1:1)","code":"ERR_X"}""");
        await using var scope = CoherenceScope.Create(server);

        var first = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/broken.ts"));
        await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/broken.ts"));

        first.Method.ShouldBe("fetchModule");
        first.Message.ShouldBe("Unexpected token (1:1)");
        first.Code.ShouldBe("ERR_X");
        scope.Coherent.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Builtins_and_data_urls_are_resolved_locally_and_externals_are_held()
    {
        var server = new FakeViteServer()
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("node:path");
                const __vite_ssr_import_1__ = await __vite_ssr_import__("data:text/javascript,export default 7");
                const __vite_ssr_import_2__ = await __vite_ssr_import__("pkg");
                """)
            .AddExternal("pkg", "file:///root/node_modules/pkg/index.js", "module");
        await using var scope = CoherenceScope.Create(server);
        scope.Evaluator.Externals["node:path"] = () => TestScriptObject.FromValues([new("sep", "/")]);
        scope.Evaluator.Externals["file:///root/node_modules/pkg/index.js"] = () => TestScriptObject.FromValues([new("pkg", 1)]);

        await scope.ImportAsync("/src/main.ts");
        var pkg = await scope.ImportAsync("pkg");

        pkg.GetProperty("pkg").ShouldBe(1);
        scope.RoundTrips.ShouldBe(1);
        scope.Evaluator.ExternalLoads.ShouldBe(["node:path", "data:text/javascript,export default 7", "file:///root/node_modules/pkg/index.js"]);
    }

    [Fact]
    public async Task Against_a_server_without_the_extension_it_falls_back_to_Vites_fetching_for_the_connection()
    {
        await using var scope = RunnerScope.Create(Graph(), cacheCoherence: true);

        var main = await scope.ImportAsync("/src/main.ts");
        await scope.ImportAsync("/src/main.ts");

        main.GetProperty("leafValue").ShouldBe(1d);
        scope.Server.Calls.Select(c => c.Method).ShouldBe([
            "getBuiltins", "runnerExtensible:fetchModules",
            "fetchModule", "fetchModule", "fetchModule", "fetchModule", "fetchModule", "fetchModule", "fetchModule", "fetchModule",
        ]);
        scope.Server.FetchCalls.Select(c => (c.Url, c.Cached)).ShouldBe([
            ("/src/main.ts", false), ("/src/dep.ts", false), ("/src/leaf.ts", false), ("/src/other.ts", false),
            ("/src/a.ts", false), ("/src/b.ts", false), ("/src/a.ts", true), ("/src/main.ts", true),
        ]);
        scope.Runner.Coherence!.Held.Support.ShouldBe(CoherenceSupport.Unsupported);
        scope.Logs.Entries.ShouldContain(e => e.Message.Contains("does not offer runnerExtensible:fetchModules"));

        // A new connection may reach a different server: it asks once more.
        scope.Duplex.LoseConnection();
        scope.Duplex.Reconnect();
        await scope.ImportAsync("/src/main.ts");
        scope.Server.Calls.Count(c => c.Method == "runnerExtensible:fetchModules").ShouldBe(2);
    }

    [Fact]
    public async Task With_coherence_off_the_runner_never_uses_the_extension()
    {
        await using var scope = CoherenceScope.Create(Graph(), cacheCoherence: false);

        await scope.ImportAsync("/src/main.ts");
        scope.Runner.ClearCache();
        await scope.ImportAsync("/src/main.ts");

        scope.Coherent.Calls.ShouldBeEmpty();
        scope.Server.FetchCalls.Count.ShouldBe(14);
        scope.Runner.Coherence.ShouldBeNull();
    }

    [Fact]
    public async Task Over_a_transport_that_cannot_receive_notices_it_fetches_as_Vite_does()
    {
        await using var scope = RunnerScope.Create(Graph(), TransportFlavor.Invoke, cacheCoherence: true);
        _ = new CoherentViteServer(scope.Server);

        await scope.ImportAsync("/src/main.ts");

        scope.Server.Calls.Count(c => c.Method == "runnerExtensible:fetchModules").ShouldBe(0);
        scope.Server.FetchCalls.Count.ShouldBe(7);
        scope.Runner.Coherence!.Held.Support.ShouldBe(CoherenceSupport.Disabled);
    }

    [Fact]
    public async Task An_everything_stale_notice_makes_every_held_module_be_confirmed_again()
    {
        await using var scope = CoherenceScope.Create(Graph());
        await scope.ImportAsync("/src/main.ts");

        scope.Coherent.InvalidateAll();
        await RunnerScope.WaitUntilAsync(() => scope.Held.GetById($"{Root}/src/other.ts")!.Stale, "the notice is applied");
        await scope.ImportAsync("/src/other.ts");

        scope.Coherent.RequestedUrls[1][0].ShouldBe("/src/other.ts");
        scope.Coherent.RequestedUrls[1].Count.ShouldBe(GraphIds.Length);
    }

    /// <summary>Holds the answer of one method after the transport returned it, until the test says so.</summary>
    private sealed class HoldingStep(string method, TaskCompletionSource received, Task release) : IInvokeStep
    {
        private int _held;

        public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
        {
            var result = await next(context);
            if (context.Method == method && Interlocked.Exchange(ref _held, 1) == 0)
            {
                received.SetResult();
                await release;
            }
            return result;
        }
    }
}
