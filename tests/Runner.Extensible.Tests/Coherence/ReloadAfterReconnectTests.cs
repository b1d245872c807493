using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

namespace Runner.Extensible.Tests.Coherence;

/// <summary>
/// The HMR client's check after a reconnect (<see cref="ModuleRunnerOptions.ReloadAfterReconnect"/>): a server that lost
/// the runner's modules (it restarted) or changed one while the runner was away gets the entry points re-imported, so
/// that HMR resumes without the application importing again; a server that still has everything costs one call and
/// nothing is evaluated again. In both fetching modes.
/// </summary>
public sealed class ReloadAfterReconnectTests
{
    private const string Root = "/root";
    private static readonly string[] GraphIds = ["main", "dep", "leaf", "other", "a", "b"];

    public static TheoryData<bool> Modes => new() { false, true };

    private static (RunnerScope Scope, CoherenceScope? Coherent) Start(bool coherent, RecordingHmrLogger logger, bool reloadAfterReconnect = true)
    {
        Func<ModuleRunnerComponents, ModuleRunnerComponents> configure =
            c => c with { Hmr = true, HmrLogger = logger, ReloadAfterReconnect = reloadAfterReconnect };
        var server = CoherentFetchingTests.Graph();
        if (!coherent) return (RunnerScope.Create(server, configure: configure), null);
        var scope = CoherenceScope.Create(server, configure: configure);
        return (scope.Scope, scope);
    }

    /// <summary>The connection drops and comes back; for a coherent server, on a new connection that knows nothing.</summary>
    private static void Reconnect(RunnerScope scope, CoherenceScope? coherent, Action? whileAway = null)
    {
        scope.Duplex.LoseConnection();
        whileAway?.Invoke();
        coherent?.Coherent.NewConnection();
        scope.Duplex.Reconnect();
    }

    /// <summary>What a restarted Vite knows of the modules: nothing is transformed yet.</summary>
    private static void ForgetEveryTransform(FakeViteServer server)
    {
        foreach (var name in GraphIds) server.Invalidate($"/src/{name}.ts");
    }

    /// <summary>
    /// Puts <paramref name="intercept"/> in front of the server's own answers (the coherent one's, when there is one);
    /// it gets the call and a way to pass it on.
    /// </summary>
    private static void InterceptFirst(FakeViteServer server, Func<InvokeCall, Func<Task<JsonElement?>>, Task<JsonElement?>> intercept)
    {
        var answer = server.Intercept;
        server.Intercept = call => intercept(call, () => answer?.Invoke(call) ?? Task.FromResult<JsonElement?>(null));
    }

    /// <summary>A call that is never answered: the lost connection fails it.</summary>
    private static Task<JsonElement?> NeverAnswered() => new TaskCompletionSource<JsonElement?>().Task;

    private static Task WhenHmrIdleAsync(RunnerScope scope) =>
        scope.Runner.HotUpdates!.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    private static int Evaluations(RunnerScope scope, string name) => scope.Evaluator.EvaluationCount($"{Root}/src/{name}.ts");

    /// <summary>The exports of the main module the graph holds now (after a reload, a new instance's).</summary>
    private static Scripting.IScriptObject MainExports(RunnerScope scope) =>
        scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/main.ts").ShouldNotBeNull().Exports.ShouldNotBeNull();

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task After_reconnecting_to_a_restarted_server_the_entry_points_are_imported_again_without_the_app_asking(bool coherent)
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var callsBefore = scope.Server.Calls.Count;

        Reconnect(scope, coherence, () => ForgetEveryTransform(scope.Server));
        await WhenHmrIdleAsync(scope);

        var after = MainExports(scope);
        after.ShouldNotBeSameAs(before);
        after.GetProperty("leafValue").ShouldBe(1d);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
        logger.Messages.ShouldContain("debug: program reload");
        logger.Messages.ShouldContain(m => m.Contains("reloading the entry points"));
        if (coherent)
        {
            // One call asks about everything held, and its answers carry the code the reload evaluates.
            var calls = scope.Server.Calls.Skip(callsBefore).ToList();
            calls.ShouldHaveSingleItem().Method.ShouldBe("runnerExtensible:fetchModules");
            coherence!.Coherent.RequestedUrls[^1].ShouldBe(GraphIds.Select(n => $"/src/{n}.ts"), ignoreOrder: true);
            calls[0].Arguments[0].EnumerateArray().ShouldAllBe(r => r.GetProperty("cached").GetBoolean());
        }
        else
        {
            // Vite's way: the entry asked with cached:true first, then the reload fetches the graph again.
            var first = scope.Server.Calls[callsBefore];
            first.Url.ShouldBe("/src/main.ts");
            first.Cached.ShouldBeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task After_reconnecting_to_a_server_that_still_has_every_module_nothing_is_evaluated_again(bool coherent)
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var callsBefore = scope.Server.Calls.Count;

        Reconnect(scope, coherence);
        await WhenHmrIdleAsync(scope);

        MainExports(scope).ShouldBeSameAs(before);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(1, name);
        logger.Messages.ShouldNotContain("debug: program reload");
        // One call either way: every held module confirmed at once, or the one entry point asked as Vite would.
        scope.Server.Calls.Skip(callsBefore).ShouldHaveSingleItem();
        // And the next import trusts what the check confirmed.
        (await scope.ImportAsync("/src/leaf.ts")).GetProperty("value").ShouldBe(1d);
        if (coherent) scope.Server.Calls.Count.ShouldBe(callsBefore + 1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task An_edit_made_while_the_connection_was_down_is_picked_up_by_a_reload(bool coherent)
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");

        // The server kept running; its HMR update for this edit went to nobody.
        Reconnect(scope, coherence, () =>
        {
            scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
            scope.Server.Invalidate("/src/dep.ts");
            scope.Server.Invalidate("/src/main.ts");
        });
        await WhenHmrIdleAsync(scope);

        before.GetProperty("leafValue").ShouldBe(1d);
        MainExports(scope).GetProperty("leafValue").ShouldBe(2d);
        logger.Messages.ShouldContain("debug: program reload");
    }

    [Fact]
    public async Task When_the_server_replaces_its_module_graph_under_an_open_connection_the_entry_points_are_imported_again()
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: true, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");

        // Vite restarted inside the stdio host: same connection, new graph, an all:true notice.
        ForgetEveryTransform(scope.Server);
        coherence!.Coherent.InvalidateAll();
        await RunnerScope.WaitUntilAsync(() => logger.Messages.Contains("debug: program reload"), "the reload after the all:true notice");
        await WhenHmrIdleAsync(scope);

        MainExports(scope).ShouldNotBeSameAs(before);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
    }

    [Fact]
    public async Task After_an_all_true_notice_the_reload_is_owed_even_if_the_check_is_cut_off_and_the_server_then_says_cache_true()
    {
        // What a Vite restart in place does over WebSocket: the new graph says all:true on the old connection, the check's
        // call is answered by the new graph (which transforms everything) but the answer is lost with the old socket,
        // and after the reconnect that graph answers {cache:true} for every module.
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: true, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var cutOnce = 1;
        InterceptFirst(scope.Server, async (_, passOn) =>
        {
            if (Interlocked.Exchange(ref cutOnce, 0) == 1)
            {
                await passOn(); // transformed, then lost
                scope.Duplex.LoseConnection();
                return await NeverAnswered();
            }
            return await passOn();
        });

        coherence!.Coherent.InvalidateAll();
        await RunnerScope.WaitUntilAsync(() => logger.Messages.Any(m => m.Contains("the connection went away again")), "the cut-off check");
        coherence.Coherent.NewConnection();
        scope.Duplex.Reconnect();
        await WhenHmrIdleAsync(scope);

        MainExports(scope).ShouldNotBeSameAs(before);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
        // Owed once: the next reconnect to the same server reloads nothing.
        Reconnect(scope, coherence);
        await WhenHmrIdleAsync(scope);
        Evaluations(scope, "main").ShouldBe(2);
    }

    [Fact]
    public async Task A_reload_cut_short_by_a_disconnect_is_finished_after_the_next_reconnect()
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: false, logger);
        await using var _ = scope;
        await scope.ImportAsync("/src/main.ts");
        var calls = 0;
        InterceptFirst(scope.Server, (call, passOn) =>
        {
            // The check's call is answered; the reload's first import loses the connection.
            if (call.Method == "fetchModule" && Interlocked.Increment(ref calls) == 2)
            {
                scope.Duplex.LoseConnection();
                return NeverAnswered();
            }
            return passOn();
        });

        Reconnect(scope, coherence, () => ForgetEveryTransform(scope.Server));
        await WhenHmrIdleAsync(scope);
        // The graph was cleared and main could not be imported again.
        scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/main.ts").ShouldBeNull();
        Evaluations(scope, "main").ShouldBe(1);

        // Back again, on a server that meanwhile has main transformed ({cache:true}): the reload is finished anyway.
        scope.Duplex.Reconnect();
        await WhenHmrIdleAsync(scope);

        Evaluations(scope, "main").ShouldBe(2);
        MainExports(scope).GetProperty("leafValue").ShouldBe(1d);
    }

    [Fact]
    public async Task A_restarted_server_whose_graph_already_has_the_modules_still_gets_a_reload_that_fetches_them_again()
    {
        // Vite restarted while the runner was away, and its new graph transformed the modules for somebody else (a
        // second runner), after leaf changed: every {cache:true} of the new graph is about the new code.
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: true, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var callsBefore = coherence!.Coherent.Calls.Count;

        Reconnect(scope, coherence, () =>
        {
            scope.Server.Edit("/src/leaf.ts", "// test:export value=2");
            foreach (var name in GraphIds) scope.Server.AnswerFetchModule($"/src/{name}.ts", null, cached: false); // transformed for somebody else
            coherence.Coherent.Graph = "graph-2";
        });
        await WhenHmrIdleAsync(scope);

        MainExports(scope).ShouldNotBeSameAs(before);
        MainExports(scope).GetProperty("leafValue").ShouldBe(2d);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
        // The check (all {cache:true} from the new graph), then the reload fetching the graph afresh.
        var calls = coherence.Coherent.Calls.Skip(callsBefore).ToList();
        calls.Count.ShouldBe(2);
        calls[1].Arguments[0][0].GetProperty("cached").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task With_ReloadAfterReconnect_off_a_reconnect_asks_nothing_and_reloads_nothing()
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: true, logger, reloadAfterReconnect: false);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var callsBefore = scope.Server.Calls.Count;

        Reconnect(scope, coherence, () => ForgetEveryTransform(scope.Server));
        await WhenHmrIdleAsync(scope);

        scope.Server.Calls.Count.ShouldBe(callsBefore);
        MainExports(scope).ShouldBeSameAs(before);
        Evaluations(scope, "main").ShouldBe(1);
    }

    [Fact]
    public async Task A_server_that_is_not_ready_yet_is_asked_again_and_the_reload_follows()
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: true, logger);
        await using var _ = scope;
        await scope.ImportAsync("/src/main.ts");
        var refused = 0;
        InterceptFirst(scope.Server, (_, passOn) =>
        {
            if (Interlocked.Increment(ref refused) <= 2)
                return Task.FromResult<JsonElement?>(FakeViteServer.Error("RunnerExtensibleTransportError", "the environment is not ready", "ERR_ENVIRONMENT_NOT_READY"));
            return passOn();
        });

        Reconnect(scope, coherence, () => ForgetEveryTransform(scope.Server));
        await WhenHmrIdleAsync(scope);

        refused.ShouldBeGreaterThan(2);
        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
        scope.Logs.Messages.Count(m => m.Contains("could not answer the check after the reconnect yet")).ShouldBe(2);
    }

    [Fact]
    public async Task A_server_that_never_becomes_ready_is_given_up_on_with_an_error_and_nothing_is_reloaded()
    {
        var logger = new RecordingHmrLogger();
        var clock = new ManualTimeProvider();
        var server = CoherentFetchingTests.Graph();
        await using var coherence = CoherenceScope.Create(server, configure: c => c with { Hmr = true, HmrLogger = logger, TimeProvider = clock });
        var scope = coherence.Scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var refused = 0;
        scope.Server.Intercept = _ =>
        {
            Interlocked.Increment(ref refused);
            return Task.FromResult<JsonElement?>(FakeViteServer.Error("RunnerExtensibleTransportError", "the environment is not ready", "ERR_ENVIRONMENT_NOT_READY"));
        };

        Reconnect(scope, coherence, () => ForgetEveryTransform(scope.Server));
        var idle = scope.Runner.HotUpdates!.WhenIdleAsync();
        // Moves the clock only while the check pauses (after it logged the refusal), never while a call is in flight.
        var pauses = 0;
        int Pauses() => scope.Logs.Messages.Count(m => m.Contains("could not answer the check after the reconnect yet"));
        while (true)
        {
            await RunnerScope.WaitUntilAsync(() => Pauses() > pauses || idle.IsCompleted, "the next pause of the check");
            if (idle.IsCompleted) break;
            pauses++;
            await RunnerScope.WaitUntilAsync(() => clock.ActiveTimerCount > 0, "the pause's timer");
            clock.Advance(TimeSpan.FromSeconds(5));
        }
        await idle;
        pauses.ShouldBe(ModuleRunner.ReconnectCheckAttempts - 1);

        refused.ShouldBe(ModuleRunner.ReconnectCheckAttempts, string.Join("\n", logger.Messages.Concat(scope.Logs.Messages)));
        logger.Messages.ShouldContain(m => m.StartsWith("error: Could not check the server's modules after reconnecting, so nothing was reloaded"));
        MainExports(scope).ShouldBeSameAs(before);
        Evaluations(scope, "main").ShouldBe(1);
    }

    [Fact]
    public async Task A_check_cut_short_by_another_disconnect_clears_nothing_and_the_next_reconnect_checks_again()
    {
        var logger = new RecordingHmrLogger();
        var (scope, coherence) = Start(coherent: true, logger);
        await using var _ = scope;
        var before = await scope.ImportAsync("/src/main.ts");
        var dropOnce = 1;
        InterceptFirst(scope.Server, (_, passOn) =>
        {
            if (Interlocked.Exchange(ref dropOnce, 0) == 1)
            {
                scope.Duplex.LoseConnection();
                return NeverAnswered();
            }
            return passOn();
        });

        Reconnect(scope, coherence, () => ForgetEveryTransform(scope.Server));
        await WhenHmrIdleAsync(scope);

        logger.Messages.ShouldContain(m => m.StartsWith("debug: the connection went away again while checking the server's modules"));
        logger.Messages.ShouldNotContain(m => m.StartsWith("error:"));
        scope.Runner.EvaluatedModules.GetModuleById($"{Root}/src/main.ts").ShouldNotBeNull().Exports.ShouldBeSameAs(before);
        Evaluations(scope, "main").ShouldBe(1);

        coherence!.Coherent.NewConnection();
        scope.Duplex.Reconnect();
        await WhenHmrIdleAsync(scope);

        foreach (var name in GraphIds) Evaluations(scope, name).ShouldBe(2, name);
    }
}
