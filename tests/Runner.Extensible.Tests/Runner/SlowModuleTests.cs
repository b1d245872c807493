using Microsoft.Extensions.Logging;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class SlowModuleTests
{
    [Fact]
    public async Task A_module_taking_over_two_seconds_logs_Vites_debug_message_with_the_import_chain()
    {
        var time = new ManualTimeProvider();
        await using var scope = RunnerScope.Create(configure: c => c with { TimeProvider = time });
        scope.Server
            .AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/slow.ts");""")
            .AddModule("/src/slow.ts", """
                // test:wait slow
                // test:export done=true
                """);

        var import = scope.ImportAsync("/src/main.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Evaluator.EvaluationCount("/root/src/slow.ts") == 1, "slow starts");
        time.Advance(TimeSpan.FromMilliseconds(1999));
        scope.Logs.Messages.ShouldNotContain(m => m.Contains("takes over 2s"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        scope.Evaluator.Gate("slow").SetResult();
        await import;

        var messages = scope.Logs.Entries.Where(e => e.Message.Contains("takes over 2s")).Select(e => e.Message).ToList();
        messages.ShouldContain("[test] [module runner] module /root/src/slow.ts takes over 2s to load.\nstack:\n  - /root/src/slow.ts\n  - /root/src/main.ts");
        messages.ShouldContain("[test] [module runner] module /root/src/main.ts takes over 2s to load.\nstack:\n  - /root/src/main.ts");
        scope.Logs.Entries.Where(e => e.Message.Contains("takes over 2s")).ShouldAllBe(e => e.Level == LogLevel.Debug);
        time.ActiveTimerCount.ShouldBe(0);
    }

    [Fact]
    public async Task Without_debug_logging_no_timer_is_armed()
    {
        var time = new ManualTimeProvider();
        var logs = new CapturingLoggerFactory { MinimumLevel = LogLevel.Information };
        await using var scope = RunnerScope.Create(configure: c => c with { TimeProvider = time, LoggerFactory = logs });
        scope.Server.AddModule("/src/slow.ts", "// test:wait slow");

        var import = scope.ImportAsync("/src/slow.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Evaluator.EvaluationCount("/root/src/slow.ts") == 1, "slow starts");

        time.ActiveTimerCount.ShouldBe(0);
        scope.Evaluator.Gate("slow").SetResult();
        await import;
    }
}
