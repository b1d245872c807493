using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible;
using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Company.RunnerPlugin.Tests;

/// <summary>What the step does with each call, and that a runner's calls go through it.</summary>
public sealed class InvokeMetricsStepTests
{
    private static readonly JsonElement Answer = JsonDocument.Parse("""{"externalize":"node:path","type":"builtin"}""").RootElement;

    private readonly string _meter = "Company.RunnerPlugin.Tests." + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_call_is_recorded_with_its_duration_runner_method_and_outcome_and_its_result_passes_through()
    {
        using var recorded = new RecordedDurations(_meter);
        var step = Step(new InvokeMetricsOptions { MeterName = _meter }, TimeSpan.FromMilliseconds(250));

        var result = await step.InvokeAsync(Call("fetchModule"), _ => ValueTask.FromResult(Answer));

        result.ShouldBe(Answer);
        var (seconds, tags) = recorded.Measurements.ShouldHaveSingleItem();
        seconds.ShouldBe(0.25, tolerance: 1e-9);
        tags["runner.name"].ShouldBe("ssr");
        tags["rpc.method"].ShouldBe("fetchModule");
        tags["outcome"].ShouldBe("ok");
    }

    [Fact]
    public async Task A_failed_call_is_recorded_as_an_error_and_its_exception_passes_through()
    {
        using var recorded = new RecordedDurations(_meter);
        var step = Step(new InvokeMetricsOptions { MeterName = _meter }, TimeSpan.FromMilliseconds(1));
        var failure = new InvalidOperationException("the server is gone");

        var thrown = await Should.ThrowAsync<InvalidOperationException>(() => step.InvokeAsync(Call("getBuiltins"), _ => throw failure).AsTask());

        thrown.ShouldBeSameAs(failure);
        recorded.Measurements.ShouldHaveSingleItem().Tags["outcome"].ShouldBe("error");
    }

    [Fact]
    public async Task A_cancelled_call_is_recorded_as_cancelled()
    {
        using var recorded = new RecordedDurations(_meter);
        var step = Step(new InvokeMetricsOptions { MeterName = _meter }, TimeSpan.FromMilliseconds(1));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            step.InvokeAsync(CallCancelledBy("fetchModule", cancel.Token), c => ValueTask.FromException<JsonElement>(new OperationCanceledException(c.CancellationToken))).AsTask());

        recorded.Measurements.ShouldHaveSingleItem().Tags["outcome"].ShouldBe("cancelled");
    }

    [Fact]
    public async Task Only_calls_at_or_over_the_threshold_are_logged_as_slow()
    {
        var logs = new CapturingLoggerFactory();
        var options = new InvokeMetricsOptions { MeterName = _meter, SlowCallThreshold = TimeSpan.FromSeconds(1) };
        var slow = new InvokeMetricsStep(options, null, new SteppingTimeProvider(TimeSpan.FromSeconds(1)), new Logger<InvokeMetricsStep>(logs));
        var fast = new InvokeMetricsStep(options, null, new SteppingTimeProvider(TimeSpan.FromMilliseconds(999)), new Logger<InvokeMetricsStep>(logs));

        await fast.InvokeAsync(Call("fetchModule"), _ => ValueTask.FromResult(Answer));
        await slow.InvokeAsync(Call("getBuiltins"), _ => ValueTask.FromResult(Answer));

        var warning = logs.Entries.ShouldHaveSingleItem();
        warning.Level.ShouldBe(LogLevel.Warning);
        warning.Message.ShouldBe("The server took 1000 ms to answer getBuiltins of runner 'ssr' (ok)");
    }

    [Fact]
    public async Task A_runners_server_calls_go_through_the_step()
    {
        using var recorded = new RecordedDurations(_meter);
        var server = new FakeViteServer().AddModule("/src/entry.js", "export const answer = 42;");
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b
            .UseEvaluator("no engine", _ => new NoEngineEvaluator())
            .UseTransport("in-memory", _ => InMemoryTransport.Invoke(server))
            .DisableHmr()
            .AddInvokeMetrics(o => o.MeterName = _meter));
        await using var provider = services.BuildServiceProvider();
        var runner = await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", TestContext.Current.CancellationToken);

        // The module is fetched through the pipeline; running it needs an engine this test does not have.
        var error = await Should.ThrowAsync<NotSupportedException>(() => runner.ImportAsync("/src/entry.js", TestContext.Current.CancellationToken));
        error.Message.ShouldBe(NoEngineEvaluator.Message);

        var fetch = recorded.Measurements.Where(m => Equals(m.Tags["rpc.method"], "fetchModule")).ShouldHaveSingleItem();
        fetch.Tags["runner.name"].ShouldBe("ssr");
        fetch.Tags["outcome"].ShouldBe("ok");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_meter_name_fails_where_it_is_configured(string meterName)
    {
        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddModuleRunner(b => b.AddInvokeMetrics(o => o.MeterName = meterName)));
        error.Message.ShouldContain("InvokeMetricsOptions.MeterName");
    }

    [Fact]
    public void A_threshold_that_is_not_positive_fails_where_it_is_configured()
    {
        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddModuleRunner(b => b.AddInvokeMetrics(o => o.SlowCallThreshold = TimeSpan.Zero)));
        error.Message.ShouldContain("InvokeMetricsOptions.SlowCallThreshold");
    }

    private static InvokeMetricsStep Step(InvokeMetricsOptions options, TimeSpan callDuration) =>
        new(options, null, new SteppingTimeProvider(callDuration), NullLogger<InvokeMetricsStep>.Instance);

    private static InvokeContext Call(string method) => CallCancelledBy(method, TestContext.Current.CancellationToken);

    private static InvokeContext CallCancelledBy(string method, CancellationToken cancellationToken) =>
        new("ssr", method, JsonDocument.Parse("[]").RootElement, cancellationToken);

    /// <summary>Starts, but runs nothing: enough for a runner to fetch modules through its pipeline.</summary>
    private sealed class NoEngineEvaluator : IModuleEvaluator
    {
        public const string Message = "This test runs no modules.";

        public int? StartOffset => null;

        public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken) =>
            throw new NotSupportedException(Message);

        public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken) =>
            throw new NotSupportedException(Message);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
