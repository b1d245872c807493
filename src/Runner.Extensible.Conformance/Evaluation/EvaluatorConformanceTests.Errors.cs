using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance;

public abstract partial class EvaluatorConformanceTests<TFixture>
{
    /// <summary>EVAL-014: a module that throws while evaluating, or a function that throws, surfaces as a <see cref="ScriptException"/> with the script error's name and message.</summary>
    [Fact, Guarantee("EVAL-014")]
    public virtual async Task EVAL014_script_errors_surface_with_name_and_message()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var evaluation = await Should.ThrowAsync<ScriptException>(() => run.ImportAsync("/src/errors/throws-on-eval.ts"));
        var observed = ViteObservation.Threw("/src/errors/throws-on-eval.ts");
        (evaluation.ErrorName, evaluation.ErrorMessage).ShouldBe((observed.GetProperty("name").GetString(), observed.GetProperty("message").GetString()));

        var throws = await run.ImportAsync("/src/throws.ts");
        var call = await Should.ThrowAsync<ScriptException>(() => CallAsync(run, throws, "throwError"));
        var observedCall = ViteObservation.Call("/src/throws.ts", "throwError").GetProperty("threw");
        (call.ErrorName, call.ErrorMessage).ShouldBe((observedCall.GetProperty("name").GetString(), observedCall.GetProperty("message").GetString()));
    }

    /// <summary>EVAL-015: error stacks are source-mapped: they show the original <c>.ts</c> file, line and column.</summary>
    [Fact, Guarantee("EVAL-015")]
    public virtual async Task EVAL015_error_stacks_show_original_positions()
    {
        Capability.Require(Fixture.SupportsSourceMaps, Fixture, nameof(EvaluatorConformanceFixture.SupportsSourceMaps),
            "its error stacks are not routed through the runner's source-map interceptor");
        await using var run = await Fixture.StartRunnerAsync();
        var evaluation = await Should.ThrowAsync<ScriptException>(() => run.ImportAsync("/src/errors/throws-on-eval.ts"));
        // Vite's runner printed "at <root>/src/errors/throws-on-eval.ts:4:7" for the same module.
        var frame = ViteObservation.Threw("/src/errors/throws-on-eval.ts").GetProperty("fixtureFrames")[0].GetString()!;
        evaluation.ScriptStack.ShouldNotBeNull().ShouldContain(frame, Case.Sensitive, $"the evaluation error's stack lacks the mapped frame \"{frame}\"");

        var throws = await run.ImportAsync("/src/throws.ts");
        var call = await Should.ThrowAsync<ScriptException>(() => CallAsync(run, throws, "throwError"));
        // Vite's runner printed "at Module.throwError (<root>/src/throws.ts:8:9)" for a method call; .NET calls it with this undefined.
        call.ScriptStack.ShouldNotBeNull().ShouldContain($"throwError ({Root}/src/throws.ts:8:9)", Case.Sensitive, "the call's stack lacks the mapped frame of throwError");
        call.StackTrace.ShouldNotBeNull().ShouldContain($"{Root}/src/throws.ts:8:9", Case.Sensitive, "Exception.StackTrace shows the script frames first");
    }

    /// <summary>EVAL-016: a module that failed rethrows the very same error, to .NET and to script (through the thrown value).</summary>
    [Fact, Guarantee("EVAL-016")]
    public virtual async Task EVAL016_a_failed_module_rethrows_the_same_error()
    {
        await using (var run = await Fixture.StartRunnerAsync())
        {
            var first = await Should.ThrowAsync<ScriptException>(() => run.ImportAsync("/src/errors/throws-on-eval.ts"));
            var second = await Should.ThrowAsync<ScriptException>(() => run.ImportAsync("/src/errors/throws-on-eval.ts"));
            second.ShouldBeSameAs(first, "importing a failed module again rethrows the same exception");
        }
        await using (var run = await Fixture.StartRunnerAsync())
        {
            var rethrow = await run.ImportAsync("/src/conformance/rethrow.js");
            ViteObservation.ShouldMatch(await CallAsync(run, rethrow, "importFailingTwice"), ViteObservation.Call("/src/conformance/rethrow.js", "importFailingTwice"),
                "importFailingTwice(): [both catches got the same error object, it is an Error, its message]");
        }
    }
}
