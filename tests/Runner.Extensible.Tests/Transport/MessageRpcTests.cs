using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Tests.Transport;

public sealed class MessageRpcTests
{
    [Fact]
    public async Task Requests_go_out_as_vite_invoke_with_send_and_a_21_character_nanoid()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");

        var frames = scope.Transport.SentFrames;
        frames.Count.ShouldBe(2);
        var ids = scope.Duplex.RequestIds;
        ids.ShouldAllBe(id => id.StartsWith("send:") && id.Length == 5 + 21 && id.Substring(5).All(c => NanoId.Alphabet.Contains(c)));
        ids.Distinct().Count().ShouldBe(2);
        frames[1].ShouldBe($$$"""{"type":"custom","event":"vite:invoke","data":{"name":"fetchModule","id":"{{{ids[1]}}}","data":["/src/a.ts",null,{"cached":false,"startOffset":3}]}}""");
        frames[0].ShouldBe($$$"""{"type":"custom","event":"vite:invoke","data":{"name":"getBuiltins","id":"{{{ids[0]}}}","data":[]}}""");
    }

    [Fact]
    public async Task A_server_error_is_revived_with_its_name_code_and_stack()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddError("/src/bad.ts", """{"name":"RolldownError","message":"Parse failure: Unexpected token","stack":"RolldownError: Parse failure\n    at parse","code":"PARSE_ERROR","id":"/root/src/bad.ts","loc":{"line":2,"column":24}}""");

        var ex = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/bad.ts"));

        ex.Message.ShouldBe("Parse failure: Unexpected token");
        ex.ErrorName.ShouldBe("RolldownError");
        ex.Code.ShouldBe("PARSE_ERROR");
        ex.ServerStack.ShouldBe("RolldownError: Parse failure\n    at parse");
        ex.Error.GetProperty("loc").GetProperty("line").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_call_without_an_answer_times_out_with_Vites_message()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(configure: c => c with { TimeProvider = time });
        scope.Duplex.InvokeTimeout = TimeSpan.FromMilliseconds(300);
        scope.Duplex.DropResponses = true;
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        var import = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.BuiltinsCallCount == 1, "getBuiltins is sent");
        time.Advance(TimeSpan.FromMilliseconds(299));
        import.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));

        var ex = await Should.ThrowAsync<TransportException>(() => import);
        ex.Message.ShouldBe($$$"""transport invoke timed out after 300ms (data: {"type":"custom","event":"vite:invoke","data":{"name":"getBuiltins","id":"{{{scope.Duplex.RequestIds[0]}}}","data":[]}})""");
        ex.InnerException.ShouldBeOfType<TimeoutException>();
        scope.Runner.RunnerTransport!.PendingCallCount.ShouldBe(0);

        scope.Duplex.DropResponses = false;
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        time.ActiveTimerCount.ShouldBe(0);
    }

    [Fact]
    public async Task An_infinite_invoke_timeout_arms_no_timer()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(configure: c => c with { TimeProvider = time });
        scope.Duplex.InvokeTimeout = Timeout.InfiniteTimeSpan;
        scope.Duplex.DropResponses = true;
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        var import = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.BuiltinsCallCount == 1, "getBuiltins is sent");
        time.Advance(TimeSpan.FromDays(1));

        import.IsCompleted.ShouldBeFalse();
        time.ActiveTimerCount.ShouldBe(0);
        await scope.Runner.CloseAsync();
        await Should.ThrowAsync<TransportException>(() => import);
    }

    [Fact]
    public async Task A_response_with_an_unknown_id_is_dropped_and_never_reaches_HMR()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Duplex.Push("""{"type":"custom","event":"vite:invoke","data":{"name":"fetchModule","id":"response:nobody-is-waiting-forme","data":{"result":{"cache":true}}}}""");

        scope.Hot!.Enqueued.Select(p => p.Type).ShouldBe(["connected"]);
    }

    [Fact]
    public async Task A_malformed_response_fails_its_call_with_a_protocol_error_and_the_runner_keeps_working()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        var release = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Server.Intercept = call => call.Method == "getBuiltins" ? release.Task : Task.FromResult<JsonElement?>(null);
        scope.Duplex.DropResponses = true;

        var import = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Duplex.RequestIds.Count == 1, "getBuiltins is sent");
        var id = scope.Duplex.RequestIds[0]["send:".Length..];
        scope.Duplex.Push($$$"""{"type":"custom","event":"vite:invoke","data":{"name":"getBuiltins","id":"response:{{{id}}}","data":42}}""");

        var ex = await Should.ThrowAsync<ProtocolException>(() => import);
        ex.Message.ShouldStartWith("""The server's response to "getBuiltins" is malformed:""");

        release.SetResult(null);
        scope.Server.Intercept = null;
        scope.Duplex.DropResponses = false;
        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
    }

    [Fact]
    public async Task A_send_that_fails_rejects_the_call_at_once()
    {
        await using var scope = RunnerScope.Create();
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        scope.Transport.FailWith = new TransportException("socket closed");

        var ex = await Should.ThrowAsync<TransportException>(() => scope.ImportAsync("/src/a.ts"));

        ex.Message.ShouldBe("socket closed");
        scope.Runner.RunnerTransport!.PendingCallCount.ShouldBe(0);
    }
}
