using Runner.Extensible.Scripting;

namespace Runner.Extensible.V8.Tests.Evaluator;

public sealed class StackTraceTests
{
    [Fact]
    public async Task Error_stacks_go_through_the_source_map_interceptor()
    {
        var interceptor = new ShiftingInterceptor();
        await using var runner = await TestRunner.StartAsync(interceptor: interceptor);
        runner.Sources["/src/fail.js"] = """
            __vite_ssr_exportName__("run", () => { try { return run } catch {} });
            function throwError() {
              throw new Error('mapped failure');
            }
            function run() { throwError() }
            //# sourceURL=/src/fail.js
            """;

        var module = await runner.ImportAsync("/src/fail.js");
        var error = await Should.ThrowAsync<ScriptException>(() => module.GetFunction("run").InvokeAsync());

        var frames = interceptor.Seen.Last();
        frames[0].FunctionName.ShouldBe("throwError");
        frames[0].FileName.ShouldBe("/src/fail.js");
        frames[0].LineNumber.ShouldBe(6);
        frames[0].ColumnNumber.ShouldBe(9);
        frames[1].FunctionName.ShouldBe("run");
        var stack = error.ScriptStack.ShouldNotBeNull();
        stack.ShouldStartWith("Error: mapped failure\n    at throwError (/src/fail.ts:3:9)\n    at run (/src/fail.ts:5:18)");
        error.StackTrace.ShouldNotBeNull().ShouldStartWith("    at throwError (/src/fail.ts:3:9)");
    }

    [Fact]
    public async Task Without_an_interceptor_stacks_are_v8s_own_with_generated_positions()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/plain.js"] = "throw new RangeError('plain');\n//# sourceURL=/src/plain.js";

        var error = await Should.ThrowAsync<ScriptException>(() => runner.ImportAsync("/src/plain.js"));

        error.ScriptStack.ShouldNotBeNull().ShouldStartWith("RangeError: plain\n    at eval (/src/plain.js:4:7)");
    }

    [Fact]
    public async Task A_failing_interceptor_leaves_the_stack_unmapped_rather_than_hiding_the_error()
    {
        await using var runner = await TestRunner.StartAsync(interceptor: new ThrowingInterceptor());
        runner.Sources["/src/err.js"] = "throw new Error('still reported');\n//# sourceURL=/src/err.js";

        var error = await Should.ThrowAsync<ScriptException>(() => runner.ImportAsync("/src/err.js"));

        error.ErrorMessage.ShouldBe("still reported");
        error.ScriptStack.ShouldNotBeNull().ShouldContain("/src/err.js:4:7");
    }

    private sealed class ThrowingInterceptor : Runner.Extensible.SourceMaps.ISourceMapInterceptor
    {
        public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames) => throw new InvalidOperationException("broken interceptor");
    }
}
