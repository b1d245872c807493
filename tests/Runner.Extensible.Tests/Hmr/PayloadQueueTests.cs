using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr;

/// <summary>The serial payload queue and the small payloads: connected, custom, error, ping, unknown (vite-protocol.md §2.2).</summary>
public sealed class PayloadQueueTests
{
    [Fact]
    public async Task Connected_logs_connected()
    {
        var bed = new HmrTestBed();

        await bed.DeliverAsync("""{"type":"connected"}""");

        bed.Logger.LevelsAndMessages.ShouldBe([["debug", "connected."]]);
    }

    [Theory]
    [InlineData("""{"type":"ping"}""")]
    [InlineData("""{"type":"bundled-dev-update","changes":["/src/a.js"]}""")]
    [InlineData("""{"type":"future-thing","x":1}""")]
    public async Task Ping_bundled_dev_update_and_unknown_types_are_ignored(string wire)
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext("/src/a.js");
        foreach (var eventName in new[] { "ping", "bundled-dev-update", "future-thing", "vite:beforeUpdate" })
            context.On(eventName, bed.Function(eventName));

        await bed.DeliverAsync(wire, """{"type":"connected"}""");

        bed.Log.Entries.ShouldBe(["debug: connected."]);
    }

    [Fact]
    public async Task Custom_events_reach_their_listeners_in_registration_order_with_the_data()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext("/src/a.js").On("x:ping", bed.Function("a"));
        var b = bed.Client.CreateHotContext("/src/b.js");
        b.On("x:ping", bed.Function("b"));
        b.On("x:other", bed.Function("other"));

        await bed.DeliverAsync("""{"type":"custom","event":"x:ping","data":{"n":1}}""", """{"type":"custom","event":"x:ping"}""");

        bed.Log.Entries.ShouldBe(["""a({"n":1})""", """b({"n":1})""", "a(undefined)", "b(undefined)"]);
    }

    [Fact]
    public async Task Listeners_receive_the_data_as_a_json_element()
    {
        var bed = new HmrTestBed();
        var listener = bed.Function("listener");
        bed.Client.CreateHotContext("/src/a.js").On("x:ping", listener);

        await bed.DeliverAsync("""{"type":"custom","event":"x:ping","data":{"n":1}}""");

        var data = listener.Calls.Single().Single().ShouldBeOfType<JsonElement>();
        data.GetProperty("n").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failing_listener_is_logged_and_the_other_listeners_and_payloads_still_run(bool synchronously)
    {
        var bed = new HmrTestBed();
        var failing = synchronously ? RecordingScriptFunction.ThrowsSynchronously("listener broke") : RecordingScriptFunction.Rejects("listener broke");
        var context = bed.Client.CreateHotContext("/src/a.js");
        context.On("x:ping", bed.Function("failing", failing));
        context.On("x:ping", bed.Function("second"));

        await bed.DeliverAsync("""{"type":"custom","event":"x:ping","data":1}""", """{"type":"connected"}""");

        bed.Log.Entries.ShouldBe([
            "failing(1)",
            "second(1)",
            "error: A \"x:ping\" listener failed\nlistener broke\nError: listener broke\n    at fixture.js:1:1",
            "debug: connected.",
        ]);
    }

    [Fact]
    public async Task A_failing_vite_event_listener_does_not_stop_the_update()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext("/src/a.js");
        context.AcceptDependencies(["/src/a.js"], bed.Function("accept"));
        context.On("vite:beforeUpdate", bed.Function("before", RecordingScriptFunction.Rejects("no")));

        await bed.DeliverAsync(HmrTestBed.JsUpdate("/src/a.js", "/src/a.js"));

        bed.Logger.Messages.Last().ShouldBe("hot updated: /src/a.js");
        bed.Host.Imports.ShouldBe(["/src/a.js"]);
    }

    [Fact]
    public async Task Error_notifies_vite_error_then_logs_internal_server_error()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext("/src/a.js").On("vite:error", bed.Function("onError"));
        const string wire = """{"type":"error","err":{"message":"Transform failed","stack":"Error: Transform failed\n    at transform (vite.js:1:1)","id":"/src/a.js","plugin":"vite:esbuild"}}""";

        await bed.DeliverAsync(wire);

        bed.Log.Entries.ShouldBe([
            $"onError({wire})",
            "error: Internal Server Error\nTransform failed\nError: Transform failed\n    at transform (vite.js:1:1)",
        ]);
    }

    [Fact]
    public async Task Error_without_a_stack_prints_undefined_like_a_js_template()
    {
        var bed = new HmrTestBed();

        await bed.DeliverAsync("""{"type":"error","err":{"message":"boom"}}""");

        bed.Logger.Errors.ShouldBe(["Internal Server Error\nboom\nundefined"]);
    }

    [Fact]
    public async Task Payloads_are_ignored_once_the_runner_is_closed()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext("/src/a.js");
        context.AcceptDependencies(["/src/a.js"], bed.Function("accept"));
        context.On("x:ping", bed.Function("listener"));
        bed.Host.AddModule("/work/app/src/a.js", "/src/a.js");
        bed.Host.IsClosed = true;

        await bed.DeliverAsync(
            """{"type":"connected"}""",
            HmrTestBed.JsUpdate("/src/a.js", "/src/a.js"),
            """{"type":"full-reload"}""",
            """{"type":"prune","paths":["/src/a.js"]}""",
            """{"type":"custom","event":"x:ping"}""",
            """{"type":"error","err":{"message":"m","stack":"s"}}""");

        bed.Log.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_prune_arriving_during_a_full_reload_is_handled_after_the_reload()
    {
        var bed = new HmrTestBed();
        bed.Host.AddModule("/work/app/src/main.js", "/src/main.js");
        bed.Client.CreateHotContext("/src/pruned.js").Prune(bed.Function("prune"));
        var reloadImport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Host.OnImport = _ => reloadImport.Task;

        bed.Client.Enqueue(ProtocolJson.ParsePayload("""{"type":"full-reload"}"""));
        await UpdatePayloadTests.WaitUntilAsync(() => bed.Host.Imports.Count == 1);
        bed.Client.Enqueue(ProtocolJson.ParsePayload("""{"type":"prune","paths":["/src/pruned.js"]}"""));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        bed.Log.Entries.ShouldBe(["debug: program reload", "import /src/main.js"]);

        reloadImport.SetResult();
        await bed.Client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        bed.Log.Entries.ShouldBe(["debug: program reload", "import /src/main.js", "prune(data(/src/pruned.js))"]);
    }

    [Fact]
    public async Task Payloads_are_handled_in_arrival_order_each_finishing_before_the_next()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext("/src/a.js");
        var inFlight = 0;
        var maxInFlight = 0;
        context.On("x:n", bed.Function("listener", async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            maxInFlight = Math.Max(maxInFlight, now);
            await Task.Delay(2);
            Interlocked.Decrement(ref inFlight);
            return null;
        }));

        var wires = Enumerable.Range(0, 30).Select(i => $$"""{"type":"custom","event":"x:n","data":{{i}}}""").ToArray();
        await bed.DeliverAsync(wires);

        bed.Log.Entries.ShouldBe(Enumerable.Range(0, 30).Select(i => $"listener({i})").ToArray());
        maxInFlight.ShouldBe(1);
    }

    [Fact]
    public async Task Enqueue_never_runs_handlers_on_the_callers_thread()
    {
        // A transport's receive loop must stay free (it may deliver the RPC answers a re-import awaits).
        var bed = new HmrTestBed();
        var enqueueGate = new object();
        bool? ranInsideEnqueue = null;
        bed.Client.CreateHotContext("/src/a.js").On("x:e", bed.Function("listener", _ =>
        {
            ranInsideEnqueue = Monitor.IsEntered(enqueueGate);
            return Task.FromResult<object?>(null);
        }));

        lock (enqueueGate)
            bed.Client.Enqueue(ProtocolJson.ParsePayload("""{"type":"custom","event":"x:e"}"""));
        await bed.Client.WhenIdleAsync();

        ranInsideEnqueue.ShouldBe(false);
    }

    [Fact]
    public async Task WhenIdle_is_complete_with_nothing_queued()
    {
        var bed = new HmrTestBed();
        bed.Client.WhenIdleAsync().IsCompleted.ShouldBeTrue();
        await bed.DeliverAsync("""{"type":"connected"}""");
        bed.Client.WhenIdleAsync().IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task A_throwing_logger_does_not_stop_the_queue()
    {
        var log = new EventLog();
        var host = new FakeHmrHost(log);
        var logger = new ThrowingLogger();
        var client = new HmrClient(host, logger);
        var listener = new RecordingScriptFunction("listener", log);
        client.CreateHotContext("/src/a.js").On("x:e", listener);

        client.Enqueue(ProtocolJson.ParsePayload("""{"type":"connected"}"""));
        client.Enqueue(ProtocolJson.ParsePayload("""{"type":"custom","event":"x:e"}"""));
        await client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        logger.Calls.ShouldBe(2); // "connected." threw, then the failure report threw too
        listener.Calls.Count.ShouldBe(1);
    }

    private sealed class ThrowingLogger : IHmrLogger
    {
        public int Calls;

        public void Debug(string message)
        {
            Calls++;
            throw new InvalidOperationException("logger broke");
        }

        public void Error(string message, Exception? exception = null)
        {
            Calls++;
            throw new InvalidOperationException("logger broke");
        }
    }
}
