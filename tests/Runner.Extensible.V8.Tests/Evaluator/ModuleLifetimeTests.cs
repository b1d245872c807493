using System.Runtime.CompilerServices;
using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Tests.Engine;

namespace Runner.Extensible.V8.Tests.Evaluator;

/// <summary>Module instances the runner lets go of are collected, even when their closures can still import.</summary>
public sealed class ModuleLifetimeTests
{
    // Closures that capture the import functions and import.meta tie the module's JavaScript to its
    // .NET host; the host reaches the exports; a strong link back would leak every discarded instance.
    private const string CapturingModule = """
        __vite_ssr_exportName__("lazy", () => { try { return lazy } catch {} });
        __vite_ssr_exportName__("where", () => { try { return where } catch {} });
        const lazy = () => __vite_ssr_dynamic_import__('/src/other.js');
        const where = () => __vite_ssr_import_meta__.url + (__vite_ssr_import_meta__.hot ? ' hot' : '');
        """;

    [Fact]
    public async Task Discarded_module_instances_release_their_references_and_callbacks()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Hmr = true;
        runner.Sources["/src/capturing.js"] = CapturingModule;
        var env = runner.Evaluator.Environment;
        await Churn(runner, 1); // warm up: the runtime's own references and callbacks exist from here on
        var references = env.LiveReferenceCount;
        var callbacks = env.LiveCallbackCount;

        await Churn(runner, 300);

        await SafetyTests.WaitUntil(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            env.Invoke(js => js.RunScript("gc()", "gc.js"));
            Thread.Sleep(10);
            return env.LiveReferenceCount <= references + 2 && env.LiveCallbackCount <= callbacks + 2;
        }, () => $"references {env.LiveReferenceCount} (started at {references}), callbacks {env.LiveCallbackCount} (started at {callbacks})");
    }

    [Fact]
    public async Task A_live_module_can_still_import_after_evaluation()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Hmr = true;
        runner.Sources["/src/capturing.js"] = CapturingModule;
        runner.Sources["/src/other.js"] = """__vite_ssr_exportName__("ok", () => { try { return 'other' } catch {} });""";
        var module = await runner.ImportAsync("/src/capturing.js");

        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await runner.Evaluator.Environment.InvokeAsync(js => js.RunScript("gc()", "gc.js"));
        }

        var other = (IScriptObject)(await module.GetFunction("lazy").InvokeAsync())!;
        other.Get<string>("ok").ShouldBe("other");
        (await module.InvokeAsync<string>("where")).ShouldBe("file:///src/capturing.js hot");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task Churn(TestRunner runner, int instances)
    {
        for (var i = 0; i < instances; i++)
        {
            runner.Invalidate("/src/capturing.js");
            runner.HotContexts.Clear();
            var module = await runner.ImportAsync("/src/capturing.js");
            (await module.InvokeAsync<string>("where")).ShouldEndWith(" hot");
        }
        runner.Invalidate("/src/capturing.js");
        runner.HotContexts.Clear();
    }
}
