using Runner.Extensible.Conformance.Runtime;

namespace Runner.Extensible.Conformance;

public abstract partial class EvaluatorConformanceTests<TFixture>
{
    /// <summary>EVAL-017: externalized packages (ESM and CommonJS, <c>file://</c> URLs from the server) load through the evaluator's loader.</summary>
    [Fact, Guarantee("EVAL-017")]
    public virtual async Task EVAL017_externalized_packages_load()
    {
        Capability.Require(Fixture.SupportsExternalModules, Fixture, nameof(EvaluatorConformanceFixture.SupportsExternalModules),
            "the server externalizes esm-pkg and cjs-pkg as file:// URLs the evaluator must load itself");
        await using var run = await Fixture.StartRunnerAsync();
        var externals = await run.ImportAsync("/src/externals.ts");
        ViteObservation.ModuleShouldMatch(externals, "/src/externals.ts");
        ViteObservation.ShouldMatch(await CallAsync(run, externals, "esmDefault"), ViteObservation.Call("/src/externals.ts", "esmDefault"), "esmDefault()");
    }

    /// <summary>EVAL-018: a Node builtin (<c>node:path</c>) loads through the evaluator's loader.</summary>
    [Fact, Guarantee("EVAL-018")]
    public virtual async Task EVAL018_node_builtins_load()
    {
        Capability.Require(Fixture.SupportsNodeBuiltins, Fixture, nameof(EvaluatorConformanceFixture.SupportsNodeBuiltins),
            "node:path is resolved by the runner as a builtin the evaluator must load itself");
        await using var run = await Fixture.StartRunnerAsync();
        ViteObservation.ModuleShouldMatch(await run.ImportAsync("/src/conformance/builtin.ts"), "/src/conformance/builtin.ts");
    }

    /// <summary>EVAL-019: a <c>data:</c> URL module loads through the evaluator's loader.</summary>
    [Fact, Guarantee("EVAL-019")]
    public virtual async Task EVAL019_data_url_modules_load()
    {
        Capability.Require(Fixture.SupportsDataUrls, Fixture, nameof(EvaluatorConformanceFixture.SupportsDataUrls),
            "a data: URL import is resolved by the runner and loaded by the evaluator itself");
        await using var run = await Fixture.StartRunnerAsync();
        ViteObservation.ModuleShouldMatch(await run.ImportAsync("/src/conformance/data-url.js"), "/src/conformance/data-url.js");
    }
}
