using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Evaluation;

namespace Company.RunnerEvaluator.Tests;

/// <summary>What the decorator adds: timing, logs, the limit, and how it finds the evaluator it decorates.</summary>
public sealed class TimedEvaluatorTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_evaluation_is_logged_with_its_url_and_duration_and_its_result_passes_through()
    {
        var (timed, inner, logs) = await StartAsync(new TimedEvaluatorOptions(), step: TimeSpan.FromMilliseconds(20));
        var exports = new EmptyExports();

        var loading = timed.RunExternalModuleAsync("node:path", Cancellation);
        inner.Complete("node:path", exports);

        (await loading).ShouldBeSameAs(exports);
        var entry = logs.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Debug);
        entry.Message.ShouldBe("Evaluated node:path of runner 'ssr' in 20.0 ms (failed: False)");
    }

    [Fact]
    public async Task A_slow_evaluation_is_a_warning_and_a_failed_one_keeps_its_error()
    {
        var (timed, inner, logs) = await StartAsync(new TimedEvaluatorOptions { WarnAfter = TimeSpan.FromSeconds(1) }, step: TimeSpan.FromSeconds(2));
        var error = new InvalidOperationException("boom");

        var loading = timed.RunExternalModuleAsync("file:///app/slow.js", Cancellation);
        inner.Fail("file:///app/slow.js", error);

        (await Should.ThrowAsync<InvalidOperationException>(() => loading)).ShouldBeSameAs(error);
        var entry = logs.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Warning);
        entry.Message.ShouldBe("Evaluating file:///app/slow.js of runner 'ssr' took 2000 ms, more than 1000 ms (failed: True)");
    }

    [Fact]
    public async Task An_evaluation_over_the_limit_fails_with_a_timeout_that_names_the_module()
    {
        var (timed, _, logs) = await StartAsync(new TimedEvaluatorOptions { WarnAfter = null, MaxDuration = TimeSpan.FromMilliseconds(50) }, TimeProvider.System);

        var error = await Should.ThrowAsync<TimeoutException>(() => timed.RunExternalModuleAsync("file:///app/never.js", Cancellation));

        error.Message.ShouldStartWith("[timed evaluator] Evaluating file:///app/never.js took longer than 50 ms");
        logs.Entries.ShouldHaveSingleItem().Level.ShouldBe(LogLevel.Error);
    }

    [Fact]
    public async Task The_decorated_evaluator_is_initialized_disposed_and_keeps_its_start_offset()
    {
        var (timed, inner, _) = await StartAsync(new TimedEvaluatorOptions(), TimeProvider.System);

        timed.StartOffset.ShouldBe(7);
        inner.Host.ShouldNotBeNull().RunnerName.ShouldBe("ssr");
        await timed.DisposeAsync();
        inner.Disposed.ShouldBeTrue();
    }

    [Fact]
    public void The_evaluator_the_slot_ends_up_with_is_decorated_whatever_the_call_order()
    {
        var inner = new ControlledEvaluator();
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b
            .UseEvaluator("first", _ => throw new InvalidOperationException("replaced"))
            .UseTimedEvaluator()
            .UseEvaluator("controlled", _ => inner)
            .UseTimedEvaluator());
        using var provider = services.BuildServiceProvider();

        var slot = Options(provider, "ssr").Evaluator.ShouldNotBeNull();
        slot.DisplayName.ShouldBe("controlled (timed)");
        slot.Factory(provider).ShouldBeOfType<TimedEvaluator>().Inner.ShouldBeSameAs(inner);
    }

    [Fact]
    public void Without_an_evaluator_to_decorate_the_runner_fails_to_start_with_the_fix()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b.UseTimedEvaluator());
        using var provider = services.BuildServiceProvider();

        var slot = Options(provider, "ssr").Evaluator.ShouldNotBeNull();
        Should.Throw<InvalidOperationException>(() => slot.Factory(provider)).Message
            .ShouldBe("UseTimedEvaluator() times the evaluator of runner 'ssr', but it has none; configure one as well, for example builder.UseV8().UseTimedEvaluator().");
    }

    [Fact]
    public async Task A_module_that_never_finishes_fails_its_import_through_the_real_runner_and_v8()
    {
        var server = new FakeViteServer()
            .AddModule("/src/hangs.js", "await new Promise(() => {});")
            .AddModule("/src/fine.js", "__vite_ssr_exportName__('answer', () => answer); const answer = 42;");
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b
            .UseV8()
            .UseTimedEvaluator(o => o.MaxDuration = TimeSpan.FromMilliseconds(300))
            .UseTransport("in-memory", _ => InMemoryTransport.Invoke(server))
            .DisableHmr());
        await using var provider = services.BuildServiceProvider();
        var runner = await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", Cancellation);

        var error = await Should.ThrowAsync<TimeoutException>(() => runner.ImportAsync("/src/hangs.js", Cancellation));
        error.Message.ShouldContain("Evaluating /src/hangs.js took longer than 300 ms");
        // The runner keeps working.
        (await runner.ImportAsync("/src/fine.js", Cancellation)).GetProperty("answer").ShouldBe(42d);
    }

    [Fact]
    public void A_warning_threshold_that_is_not_positive_fails_where_it_is_configured()
    {
        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddModuleRunner(b =>
            b.UseTimedEvaluator(o => o.WarnAfter = TimeSpan.FromSeconds(-1))));
        error.Message.ShouldContain("TimedEvaluatorOptions.WarnAfter is -00:00:01");
    }

    [Fact]
    public void A_limit_bound_from_configuration_is_validated_when_the_runner_reads_it()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b.UseTimedEvaluator());
        services.Configure<TimedEvaluatorOptions>("ssr", o => o.MaxDuration = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<TimedEvaluatorOptions>>().Get("ssr"))
            .Message.ShouldContain("TimedEvaluatorOptions.MaxDuration");
    }

    private static async Task<(TimedEvaluator Timed, ControlledEvaluator Inner, CapturingLoggerFactory Logs)> StartAsync(
        TimedEvaluatorOptions options, TimeProvider time)
    {
        var inner = new ControlledEvaluator();
        var logs = new CapturingLoggerFactory();
        var timed = new TimedEvaluator(inner, options, time);
        await timed.InitializeAsync(new ModuleEvaluatorHost("ssr", logs, null), Cancellation);
        return (timed, inner, logs);
    }

    private static Task<(TimedEvaluator Timed, ControlledEvaluator Inner, CapturingLoggerFactory Logs)> StartAsync(TimedEvaluatorOptions options, TimeSpan step) =>
        StartAsync(options, new SteppingTimeProvider(step));

    // The runner's options as the builder calls left them, without the runner's own validation (no transport here).
    private static ModuleRunnerOptions Options(IServiceProvider provider, string name) =>
        new OptionsFactory<ModuleRunnerOptions>(
            provider.GetServices<IConfigureOptions<ModuleRunnerOptions>>(),
            provider.GetServices<IPostConfigureOptions<ModuleRunnerOptions>>()).Create(name);
}
