using Runner.Extensible.Conformance.Runtime;

namespace Runner.Extensible.Conformance;

public abstract partial class EvaluatorConformanceTests<TFixture>
{
    /// <summary>EVAL-012: <c>this</c> is undefined at a module's top level, in its functions, and when .NET calls an exported function.</summary>
    [Fact, Guarantee("EVAL-012")]
    public virtual async Task EVAL012_this_is_undefined()
    {
        await using var run = await Fixture.StartRunnerAsync();
        const string Url = "/src/conformance/this-and-strict.js";
        var module = await run.ImportAsync(Url);
        ViteObservation.ShouldMatch(module.GetProperty("topLevelThis"), ViteObservation.Export(Url, "topLevelThis"), "this at the top level");
        ViteObservation.ShouldMatch(module.GetProperty("functionThis"), ViteObservation.Export(Url, "functionThis"), "this in a plain function call");
        (await CallAsync(run, module, "exportedThis")).ShouldBe("undefined", "this in an exported function called from .NET");
        var importer = await run.ImportAsync("/src/conformance/this-importer.js");
        ViteObservation.ModuleShouldMatch(importer, "/src/conformance/this-importer.js");
    }

    /// <summary>EVAL-013: module code runs in strict mode.</summary>
    [Fact, Guarantee("EVAL-013")]
    public virtual async Task EVAL013_code_runs_in_strict_mode()
    {
        await using var run = await Fixture.StartRunnerAsync();
        const string Url = "/src/conformance/this-and-strict.js";
        var module = await run.ImportAsync(Url);
        ViteObservation.ShouldMatch(await CallAsync(run, module, "assignUndeclared"), ViteObservation.Call(Url, "assignUndeclared"), "assigning an undeclared variable");
        ViteObservation.ShouldMatch(await CallAsync(run, module, "writeReadOnly"), ViteObservation.Call(Url, "writeReadOnly"), "writing a frozen object's property");
    }
}
