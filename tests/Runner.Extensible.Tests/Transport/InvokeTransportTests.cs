using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Tests.Transport;

public sealed class InvokeTransportTests
{
    [Fact]
    public async Task Requests_carry_the_literal_id_send()
    {
        await using var scope = RunnerScope.Create(flavor: TransportFlavor.Invoke);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");

        scope.Transport.SentFrames.ShouldBe([
            """{"type":"custom","event":"vite:invoke","data":{"name":"getBuiltins","id":"send","data":[]}}""",
            """{"type":"custom","event":"vite:invoke","data":{"name":"fetchModule","id":"send","data":["/src/a.ts",null,{"cached":false,"startOffset":3}]}}""",
        ]);
    }

    [Fact]
    public async Task No_timeout_applies_on_this_path()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(flavor: TransportFlavor.Invoke, configure: c => c with { TimeProvider = time });
        var release = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Server.Intercept = _ => release.Task;

        var import = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.Calls.Count == 1, "getBuiltins arrives");
        time.Advance(TimeSpan.FromHours(1));

        import.IsCompleted.ShouldBeFalse();
        time.ActiveTimerCount.ShouldBe(0);
        release.SetResult(FakeViteServer.Error("Error", "late"));
        (await Should.ThrowAsync<InvokeErrorException>(() => import)).Message.ShouldBe("late");
    }

    [Fact]
    public async Task A_transport_returning_null_is_a_protocol_error()
    {
        var evaluator = new TestEvaluator();
        await using var runner = new ModuleRunner(new ModuleRunnerComponents("null", evaluator, new NullInvokeTransport()) { Hmr = false, SourceMaps = false });

        var ex = await Should.ThrowAsync<ProtocolException>(() => runner.ImportAsync("/src/a.ts", TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("returned no result for \"getBuiltins\"");
    }

    private sealed class NullInvokeTransport : IInvokeTransport
    {
        public string DisplayName => "null";

        public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) => Task.FromResult<InvokeResult>(null!);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
