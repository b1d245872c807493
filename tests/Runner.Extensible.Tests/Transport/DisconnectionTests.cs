using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Tests.Transport;

public sealed class DisconnectionTests
{
    [Fact]
    public async Task A_lost_connection_fails_pending_calls_at_once_naming_the_method_and_url()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(configure: c => c with { TimeProvider = time });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.ImportAsync("/src/a.ts");
        scope.Duplex.DropResponses = true;

        var pending = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.FetchCalls.Count == 2, "the fetch is sent");
        scope.Duplex.LoseConnection(new IOException("socket reset"));

        // No time passes: the call fails without waiting for its 60 s timeout.
        var ex = await Should.ThrowAsync<TransportException>(() => pending);
        ex.Message.ShouldStartWith("""transport was disconnected, cannot call "fetchModule" for "/src/a.ts": the connection of transport "in-memory duplex" was lost (socket reset)""");
        ex.InnerException.ShouldBeOfType<IOException>();
        scope.Runner.RunnerTransport!.PendingCallCount.ShouldBe(0);
        scope.Logs.Entries.ShouldContain(e => e.Message.Contains("lost its connection"));
    }

    [Fact]
    public async Task While_disconnected_calls_fail_with_SendBeforeConnect_and_the_cache_survives()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var before = await scope.ImportAsync("/src/a.ts");

        scope.Duplex.LoseConnection();
        var ex = await Should.ThrowAsync<SendBeforeConnectException>(() => scope.ImportAsync("/src/a.ts"));

        ex.Message.ShouldStartWith("invoke was called before connect");
        ex.Message.ShouldContain("in-memory duplex");
        scope.Runner.EvaluatedModules.GetModuleById("/root/src/a.ts")!.Exports.ShouldBeSameAs(before);
    }

    [Fact]
    public async Task After_reconnecting_the_runner_revalidates_what_it_holds_with_the_server()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/unchanged.ts", "// test:export v=1")
            .AddModule("/src/changed.ts", "// test:export v=1");
        var unchanged = await scope.ImportAsync("/src/unchanged.ts");
        var changed = await scope.ImportAsync("/src/changed.ts");

        scope.Duplex.LoseConnection();
        scope.Server.Edit("/src/changed.ts", "// test:export v=2");
        scope.Duplex.Reconnect();

        (await scope.ImportAsync("/src/unchanged.ts")).ShouldBeSameAs(unchanged);
        var reloaded = await scope.ImportAsync("/src/changed.ts");
        reloaded.ShouldNotBeSameAs(changed);
        reloaded.GetProperty("v").ShouldBe(2d);
        scope.Server.FetchCalls.Skip(2).Select(c => (c.Url, c.Cached)).ShouldBe([("/src/unchanged.ts", true), ("/src/changed.ts", true)]);
        scope.Logs.Messages.ShouldContain(m => m.Contains("reconnected"));
    }

    [Fact]
    public async Task A_reconnect_after_the_runner_closed_does_not_revive_it()
    {
        await using var scope = RunnerScope.Create();
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        await scope.Runner.CloseAsync();

        scope.Duplex.Reconnect();

        scope.Runner.RunnerTransport!.IsConnected.ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => scope.ImportAsync("/src/a.ts"));
    }

    [Fact]
    public async Task Sending_while_disconnected_fails_with_SendBeforeConnect()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        scope.Duplex.LoseConnection();

        var ex = await Should.ThrowAsync<SendBeforeConnectException>(async () =>
            await scope.Hot!.Host.SendAsync(new CustomPayload("x:hello"), TestContext.Current.CancellationToken));

        ex.Message.ShouldStartWith("send was called before connect");
    }

    [Fact]
    public async Task A_call_abandoned_by_a_timeout_step_is_removed_from_the_pending_calls()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(configure: c => c with
        {
            TimeProvider = time,
            InvokeSteps = [new InvokeTimeoutStep(TimeSpan.FromSeconds(1), time)],
        });
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        scope.Duplex.DropResponses = true;

        var import = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.BuiltinsCallCount == 1, "getBuiltins is sent");
        scope.Runner.RunnerTransport!.PendingCallCount.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(1));

        (await Should.ThrowAsync<TransportException>(() => import)).Message.ShouldContain("\"getBuiltins\" of runner \"test\" timed out after 1000ms");
        scope.Runner.RunnerTransport.PendingCallCount.ShouldBe(0);
    }
}
