using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Evaluator;

public sealed class EvaluatorSafetyTests
{
    [Fact]
    public async Task A_module_that_loops_forever_is_stopped_and_the_evaluator_keeps_working()
    {
        await using var runner = await TestRunner.StartAsync(o => o.ExecutionTimeLimit = TimeSpan.FromMilliseconds(300));
        runner.Sources["/src/forever.js"] = "await null;\nwhile (true) {}";
        runner.Sources["/src/fine.js"] = """__vite_ssr_exportName__("ok", () => { try { return 'fine' } catch {} });""";

        var error = await Should.ThrowAsync<TimeoutException>(() => runner.ImportAsync("/src/forever.js"));

        error.ShouldBeOfType<JsTimeoutException>();
        (await runner.ImportAsync("/src/fine.js")).Get<string>("ok").ShouldBe("fine");
    }

    [Fact]
    public async Task Process_exit_in_a_module_leaves_the_host_alive()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/exit.js"] = "process.exit(1);";
        runner.Sources["/src/after.js"] = """__vite_ssr_exportName__("ok", () => { try { return 'still here' } catch {} });""";

        var error = await Should.ThrowAsync<JsProcessExitException>(() => runner.ImportAsync("/src/exit.js"));

        error.ExitCode.ShouldBe(1);
        (await runner.ImportAsync("/src/after.js")).Get<string>("ok").ShouldBe("still here");
    }

    [Fact]
    public async Task Node_apis_are_visible_by_default_and_hidden_in_a_bare_context()
    {
        const string probe = """__vite_ssr_exportName__("kinds", () => { try { return [typeof process, typeof require, typeof setTimeout, typeof URL].join() } catch {} });""";
        await using (var exposed = await TestRunner.StartAsync())
        {
            exposed.Sources["/src/probe.js"] = probe;
            (await exposed.ImportAsync("/src/probe.js")).Get<string>("kinds").ShouldBe("object,function,function,function");
        }
        await using var bare = await TestRunner.StartAsync(o => o.ExposeNodeApis = false);
        bare.Sources["/src/probe.js"] = probe;
        bare.Sources["/src/builtin.js"] = """
            __vite_ssr_exportName__("sep", () => { try { return __vite_ssr_import_0__.sep } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("node:path", {"importedNames":["sep"]});
            """;

        (await bare.ImportAsync("/src/probe.js")).Get<string>("kinds").ShouldBe("undefined,undefined,function,function");
        (await bare.ImportAsync("/src/builtin.js")).Get<string>("sep").ShouldBe("/");
    }

    [Fact]
    public async Task Uncaught_errors_in_module_code_are_logged()
    {
        var logs = new ListLoggerFactory();
        await using var runner = await TestRunner.StartAsync(loggers: logs);
        runner.Sources["/src/timer.js"] = "setTimeout(() => { throw new Error('late failure') }, 1);";

        await runner.ImportAsync("/src/timer.js");
        await Engine.SafetyTests.WaitUntil(() => logs.Entries.Any(e => e.Message.Contains("late failure")));

        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("uncaughtException"));
    }

    [Fact]
    public async Task Using_the_evaluator_before_initialising_names_the_fix()
    {
        await using var evaluator = new Runner.Extensible.V8.Evaluator.V8ModuleEvaluator(new V8EvaluatorOptions());

        var error = Should.Throw<InvalidOperationException>(() => evaluator.RunExternalModuleAsync("node:path", TestContext.Current.CancellationToken));

        error.Message.ShouldContain("InitializeAsync");
    }
}
