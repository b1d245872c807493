using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Tests.Transport;

public sealed class InvokePipelineTests
{
    [Fact]
    public async Task Steps_run_outermost_first_around_the_transport_call()
    {
        var order = new List<string>();
        await using var scope = RunnerScope.Create(configure: c => c with
        {
            InvokeSteps = [new RecordingStep("outer", order), new RecordingStep("inner", order)],
        });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");

        order.ShouldBe([
            "outer> getBuiltins", "inner> getBuiltins", "inner< getBuiltins", "outer< getBuiltins",
            "outer> fetchModule", "inner> fetchModule", "inner< fetchModule", "outer< fetchModule",
        ]);
    }

    [Fact]
    public async Task A_step_sees_the_runner_name_and_can_replace_the_arguments()
    {
        InvokeContext? seen = null;
        var rewrite = new DelegateStep((context, next) =>
        {
            seen = context;
            if (context.Method == "fetchModule" && context.Arguments[0].GetString() == "/src/alias.ts")
                context.Arguments = JsonDocument.Parse("""["/src/a.ts",null,{"cached":false,"startOffset":3}]""").RootElement;
            return next(context);
        });
        await using var scope = RunnerScope.Create(configure: c => c with { InvokeSteps = [rewrite] });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        (await scope.ImportAsync("/src/alias.ts")).GetProperty("a").ShouldBe(1d);

        seen!.RunnerName.ShouldBe("test");
        scope.Server.FetchCalls.Single().Url.ShouldBe("/src/a.ts");
    }

    [Fact]
    public async Task A_step_can_retry_a_failed_call()
    {
        var retry = new DelegateStep(async (context, next) =>
        {
            try { return await next(context); }
            catch (InvokeErrorException) { return await next(context); }
        });
        await using var scope = RunnerScope.Create(configure: c => c with { InvokeSteps = [retry] });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var failures = 1;
        scope.Server.Intercept = call => Task.FromResult<JsonElement?>(call.Method == "fetchModule" && failures-- > 0 ? FakeViteServer.Error("Error", "flaky") : null);

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        scope.Server.FetchCalls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_timeout_step_fails_a_slow_call_naming_it_even_on_request_response_transports()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(flavor: TransportFlavor.Invoke, configure: c => c with
        {
            TimeProvider = time,
            InvokeSteps = [new InvokeTimeoutStep(TimeSpan.FromSeconds(5), time)],
        });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var release = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Server.Intercept = call => call.Method == "fetchModule" ? release.Task : Task.FromResult<JsonElement?>(null);

        var import = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.FetchCalls.Count == 1, "fetchModule arrives");
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Should.ThrowAsync<TransportException>(() => import);
        ex.Message.ShouldStartWith("""invoke "fetchModule" for "/src/a.ts" of runner "test" timed out after 5000ms (invoke timeout step).""");
        ex.InnerException.ShouldBeOfType<TimeoutException>();
        release.SetResult(null);
    }

    [Fact]
    public async Task The_timeout_step_lets_fast_calls_through_and_releases_its_timer()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(configure: c => c with
        {
            TimeProvider = time,
            InvokeSteps = [new InvokeTimeoutStep(TimeSpan.FromSeconds(5), time)],
        });
        scope.Duplex.InvokeTimeout = Timeout.InfiniteTimeSpan;
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);

        time.ActiveTimerCount.ShouldBe(0);
    }

    [Fact]
    public async Task The_logging_step_logs_calls_with_their_url_and_failures()
    {
        var logs = new CapturingLoggerFactory();
        await using var scope = RunnerScope.Create(configure: c => c with
        {
            InvokeSteps = [new InvokeLoggingStep(logs.CreateLogger(InvokeLoggingStep.Category), TimeProvider.System)],
        });
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");
        await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/missing.ts"));

        var messages = logs.Entries.Where(e => e.Category == InvokeLoggingStep.Category).ToList();
        messages.ShouldContain(e => e.Level == LogLevel.Debug && e.Message == """[test] invoke "fetchModule" for "/src/a.ts" """.TrimEnd());
        messages.ShouldContain(e => e.Level == LogLevel.Debug && e.Message.StartsWith("""[test] invoke "fetchModule" for "/src/a.ts" completed in """));
        messages.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.StartsWith("""[test] invoke "fetchModule" for "/src/missing.ts" failed after """)
            && e.Message.EndsWith("Failed to load url /src/missing.ts (resolved id: /src/missing.ts). Does the file exist?") && e.Exception is InvokeErrorException);
    }

    [Fact]
    public void The_builder_extensions_append_the_shipped_steps_in_order()
    {
        var services = new ServiceCollection();
        var time = new ManualTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ILoggerFactory>(new CapturingLoggerFactory());
        var builder = new TestBuilder("named", services);

        builder.AddInvokeLogging().AddInvokeTimeout(TimeSpan.FromSeconds(2)).ShouldBeSameAs(builder);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get("named");
        var steps = options.InvokeSteps.Select(factory => factory(provider)).ToList();
        steps[0].ShouldBeOfType<InvokeLoggingStep>();
        steps[1].ShouldBeOfType<InvokeTimeoutStep>();
        provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get(Options.DefaultName).InvokeSteps.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_timeout_that_is_not_positive_is_rejected_when_added(int milliseconds)
    {
        var builder = new TestBuilder(Options.DefaultName, new ServiceCollection());

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => builder.AddInvokeTimeout(TimeSpan.FromMilliseconds(milliseconds)));

        ex.Message.ShouldContain("positive");
        Should.Throw<ArgumentOutOfRangeException>(() => builder.AddInvokeTimeout(Timeout.InfiniteTimeSpan));
    }

    private sealed class TestBuilder(string name, IServiceCollection services) : IModuleRunnerBuilder
    {
        public string Name { get; } = name;

        public IServiceCollection Services { get; } = services;
    }

    private sealed class RecordingStep(string name, List<string> order) : IInvokeStep
    {
        public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
        {
            lock (order) order.Add($"{name}> {context.Method}");
            var result = await next(context);
            lock (order) order.Add($"{name}< {context.Method}");
            return result;
        }
    }

    private sealed class DelegateStep(Func<InvokeContext, InvokeHandler, ValueTask<JsonElement>> body) : IInvokeStep
    {
        public ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next) => body(context, next);
    }
}
