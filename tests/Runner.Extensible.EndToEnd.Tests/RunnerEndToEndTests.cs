using Runner.Extensible.EndToEnd.Tests.Support;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.EndToEnd.Tests;

/// <summary>
/// What a user sees through one transport with the V8 evaluator, against a real Vite 8 server: importing the fixture
/// app's module graph, hot updates (self-accepting, parent accepting its child, full reload, prune), custom events
/// both ways, and script errors. Each transport runs the same tests through a one-line subclass and its
/// <see cref="TransportFixture"/>. Every test gets a fresh runner (its own engine); the server and the app copy are
/// shared by the class, and each test edits different files of it.
/// </summary>
public abstract class RunnerEndToEndTests<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : TransportFixture
{
    private RunnerScope _scope = null!;

    private string Root => fixture.App.Root;

    public ValueTask InitializeAsync()
    {
        _scope = fixture.CreateRunner();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    [Fact]
    public async Task The_fixture_graph_is_imported_and_its_exports_are_read_and_called_from_CSharp()
    {
        var main = await _scope.ImportAsync("/src/main.ts");

        // Named and default imports, type-only imports erased.
        main.Get<double>("sum").ShouldBe(3);
        main.Get<double>("product").ShouldBe(12);
        main.Get<double>("area").ShouldBe(12);
        // Re-exports: renamed, default-as-named, export *, export * as ns, a local export winning over export *.
        var reexports = (IScriptObject)main.GetProperty("reexports")!;
        reexports.GetKeys().ShouldBe(["ns", "plus", "shadowed", "starA", "starB", "times"], ignoreOrder: true);
        (await reexports.InvokeAsync<double>("plus", 2, 3)).ShouldBe(5);
        (await reexports.InvokeAsync<double>("times", 2, 3)).ShouldBe(6);
        reexports.Get<string>("starA").ShouldBe("star a");
        reexports.Get<string>("shadowed").ShouldBe("local wins over export *");
        ((IScriptObject)reexports.GetProperty("ns")!).GetKeys().ShouldBe(["shadowed", "starA", "starB"], ignoreOrder: true);
        // The cycle: b read a while a was still evaluating, and reads it again later.
        main.Get<string>("a").ShouldBe("a");
        main.Get<string>("bSawA").ShouldBe("a not evaluated yet");
        (await main.InvokeAsync<string>("readBLater")).ShouldBe("a");
        // Plain JS, a virtual module, builtins, a data: url, externalized ESM and CommonJS packages, import.meta.
        ((IScriptObject)main.GetProperty("legacy")!).Get<double>("answer").ShouldBe(42);
        main.Get<string>("fromVirtual").ShouldBe("virtual value");
        main.Get<double>("virtualDefault").ShouldBe(42);
        main.Get<string>("joined").ShouldBe("a/b");
        main.Get<string>("dataValue").ShouldBe("from data url");
        main.Get<string>("esmValue").ShouldBe("from esm-pkg");
        main.Get<string>("cjsValue").ShouldBe("from cjs-pkg");
        ((IScriptObject)main.GetProperty("meta")!).Get<string>("filename").ShouldBe($"{Root}/src/meta.ts");
        // Dynamic imports: relative, root-relative and computed at run time.
        var loaded = (IReadOnlyList<object?>)(await main.GetFunction("loadDynamic").InvokeAsync())!;
        loaded.ShouldBe(["lazy (relative literal)", "root (root-relative literal)", "computed (runtime specifier)"]);
        // A live binding, and the cached module on a second import.
        main.Get<double>("count").ShouldBe(0);
        (await main.InvokeAsync<double>("increment")).ShouldBe(1);
        main.Get<double>("count").ShouldBe(1);
        (await _scope.ImportAsync("/src/main.ts")).ShouldBeSameAs(main);
    }

    [Fact]
    public async Task A_self_accepting_module_runs_its_accept_callback_in_dotnet_within_one_update()
    {
        await _scope.ImportHmrEntryAsync();
        var before = _scope.Edit("src/hmr/self.ts", ("'self v1'", "'self v2'"));

        var accepted = await _scope.FixtureLog.WaitForAsync("self:accept:self v2");

        // The callback ran (and called .NET) while the first and only update for the file was being applied.
        var payloads = _scope.Transport.ReceivedBetween(before.TransportEvents, accepted.TransportEventsBefore);
        var update = payloads.OfType<UpdatePayload>().ShouldHaveSingleItem(_scope.FixtureLog.Describe());
        update.Updates.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            u => u.UpdateType.ShouldBe("js-update"),
            u => u.Path.ShouldBe("/src/hmr/self.ts"),
            u => u.AcceptedPath.ShouldBe("/src/hmr/self.ts"));
        payloads.OfType<FullReloadPayload>().ShouldBeEmpty();
        // Vite's order: dispose (saving data), the new module's body (reading it), then the accept callback.
        LogSince(before).ShouldBe(["self:dispose:self v1", "self:evaluated:self v2", "self:data-from-previous:self v1", "self:accept:self v2"]);
        (await _scope.ImportAsync("/src/hmr/self.ts")).Get<string>("selfValue").ShouldBe("self v2");
        _scope.FixtureLog.CountOf("main:evaluated").ShouldBe(1, "a self-accepted update must not re-run the entry");
        _scope.FixtureLog.CountOf("self:accept:self v2").ShouldBe(1);
    }

    [Fact]
    public async Task A_parent_accepting_its_child_gets_the_new_module_in_its_callback()
    {
        var main = await _scope.ImportHmrEntryAsync();
        var before = _scope.Edit("src/hmr/child.ts", ("'child v1'", "'child v2'"));

        var accepted = await _scope.FixtureLog.WaitForAsync("parent:accept-child:child v2");

        var update = _scope.Transport.ReceivedBetween(before.TransportEvents, accepted.TransportEventsBefore).OfType<UpdatePayload>().ShouldHaveSingleItem(_scope.FixtureLog.Describe());
        update.Updates.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            u => u.Path.ShouldBe("/src/hmr/parent.ts"),
            u => u.AcceptedPath.ShouldBe("/src/hmr/child.ts"));
        LogSince(before).ShouldBe(["child:evaluated:child v2", "parent:accept-child:child v2"]);
        // The callback assigned parent's live binding, which the entry re-exports: C# reads the new value.
        main.Get<string>("parentSaw").ShouldBe("child v2");
        _scope.FixtureLog.CountOf("parent:evaluated:child v1").ShouldBe(1, "the parent itself must not re-run");
    }

    [Fact]
    public async Task Editing_a_module_nobody_accepts_reloads_the_entry_points()
    {
        var main = await _scope.ImportHmrEntryAsync();
        _scope.FixtureLog.CountOf("main:evaluated").ShouldBe(1);
        var before = _scope.Edit("src/hmr/plain.ts", ("'plain v1'", "'plain v2'"));

        var rerun = await _scope.FixtureLog.WaitForAsync("main:evaluated", times: 2);

        var payloads = _scope.Transport.ReceivedBetween(before.TransportEvents, rerun.TransportEventsBefore);
        payloads.OfType<FullReloadPayload>().ShouldHaveSingleItem(_scope.FixtureLog.Describe()).TriggeredBy.ShouldBe($"{Root}/src/hmr/plain.ts");
        payloads.OfType<UpdatePayload>().ShouldBeEmpty();
        LogSince(before).ShouldContain("plain:evaluated:plain v2");
        // The entry ran again: a new exports object with the new value; the old one still shows what it was.
        var reloaded = await _scope.ImportAsync(RunnerScope.HmrEntry);
        reloaded.ShouldNotBeSameAs(main);
        reloaded.Get<string>("plainValue").ShouldBe("plain v2");
        main.Get<string>("plainValue").ShouldBe("plain v1");
    }

    [Fact]
    public async Task A_module_that_loses_its_last_importer_is_pruned()
    {
        await _scope.ImportHmrEntryAsync();
        var before = _scope.Edit("src/hmr/pruner.ts", ("import { prunedValue } from './pruned';\n", ""), ("'pruner v1 ' + prunedValue", "'pruner v2'"));

        var pruned = await _scope.FixtureLog.WaitForAsync("pruned:prune");

        var payloads = _scope.Transport.ReceivedBetween(before.TransportEvents, pruned.TransportEventsBefore);
        payloads.OfType<PrunePayload>().ShouldHaveSingleItem(_scope.FixtureLog.Describe()).Paths.ShouldBe(["/src/hmr/pruned.ts"]);
        payloads.OfType<UpdatePayload>().ShouldNotBeEmpty();
        payloads.OfType<UpdatePayload>().SelectMany(u => u.Updates).ShouldAllBe(u => u.Path == "/src/hmr/pruner.ts");
        LogSince(before).ShouldBe(["pruner:evaluated:pruner v2", "pruned:dispose", "pruned:prune"]);
    }

    [Fact]
    public async Task Custom_events_travel_both_ways()
    {
        await _scope.ImportHmrEntryAsync();

        // Runner → server → runner: events.ts sent "x:hello" with import.meta.hot.send while it evaluated; the fixture
        // config's listener answered that runner, and the module's hot.on listener got the answer.
        _scope.FixtureLog.CountOf(RunnerScope.HelloReply).ShouldBe(1);
        _scope.Transport.Events.OfType<PayloadSent>().Select(e => e.Payload).OfType<CustomPayload>().ShouldContain(p => p.Event == "x:hello");

        // Server broadcast → hot.on; the listener answers with hot.send, which the server acknowledges.
        var bridge = await _scope.ImportAsync(RunnerScope.BridgeModule);
        await bridge.GetFunction("askServerToBroadcast").InvokeAsync("x:ping", new Dictionary<string, object?> { ["n"] = 7 });

        await _scope.FixtureLog.WaitForAsync("""events:ping:{"n":7}""");
        var pong = await _scope.Transport.WaitForCustomAsync("e2e:pong-received");
        pong.Data!.Value.GetProperty("received").GetProperty("n").GetInt32().ShouldBe(7);
        _scope.Transport.ReceivedCustom("x:ping").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_module_that_throws_shows_the_ts_position_and_the_runner_keeps_working()
    {
        var main = await _scope.ImportAsync("/src/main.ts");
        (await main.InvokeAsync<double>("increment")).ShouldBe(1);

        // Thrown from a call: the stack points into the TypeScript source, not the transformed code.
        var thrown = await Should.ThrowAsync<ScriptException>(() => main.GetFunction("throwError").InvokeAsync());
        thrown.ErrorMessage.ShouldBe("throws.ts: boom");
        thrown.ScriptStack.ShouldNotBeNull().ShouldContain($"({Root}/src/throws.ts:8:9)");
        thrown.StackTrace.ShouldNotBeNull().ShouldContain($"{Root}/src/throws.ts:8:9");

        // Thrown while a module evaluates: the import fails with the module's own position.
        var failed = await Should.ThrowAsync<ScriptException>(() => _scope.ImportAsync("/src/errors/throws-on-eval.ts"));
        failed.ErrorMessage.ShouldBe("throws-on-eval.ts: evaluation failed");
        failed.ScriptStack.ShouldNotBeNull().ShouldContain($"{Root}/src/errors/throws-on-eval.ts:4:7");

        // The runner carries on, and modules evaluated before keep their state.
        (await _scope.ImportAsync("/src/main.ts")).ShouldBeSameAs(main);
        main.Get<double>("count").ShouldBe(1);
        (await main.InvokeAsync<double>("increment")).ShouldBe(2);
        (await _scope.ImportAsync("/src/counter.ts")).Get<double>("count").ShouldBe(2);
        (await _scope.ImportAsync("/src/dyn/lazy.ts")).Get<string>("lazy").ShouldBe("lazy (relative literal)");
    }

    /// <summary>What the modules logged after <paramref name="mark"/>.</summary>
    private IReadOnlyList<string> LogSince(EditMark mark) => _scope.FixtureLog.Texts.Skip(mark.LogEntries).ToList();
}
