using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Evaluation;
using Runner.Extensible.ImportMeta;

namespace Runner.Extensible.Conformance;

public abstract partial class EvaluatorConformanceTests<TFixture>
{
    private static readonly string[] MetaKeys = ["filename", "dirname", "url", "env", "resolve", "glob"];

    /// <summary>EVAL-008: <c>import.meta</c> is built from the runner's description: its values, its keys in order, and a writable <c>env</c> Vite assigns.</summary>
    [Fact, Guarantee("EVAL-008")]
    public virtual async Task EVAL008_import_meta_is_built_from_the_runner_description()
    {
        await using var run = await Fixture.StartRunnerAsync();
        const string Url = "/src/conformance/import-meta.ts";
        var module = await run.ImportAsync(Url);
        var node = run.Runner.EvaluatedModules.GetModuleByUrl(Url).ShouldNotBeNull();
        var expected = await ImportMetaOfTheRunnerAsync(node.File, node);
        module.GetProperty("url").ShouldBe(expected.Url);
        module.GetProperty("filename").ShouldBe(expected.Filename);
        module.GetProperty("dirname").ShouldBe(expected.Dirname);
        string[] keys = [.. MetaKeys, .. expected.AdditionalProperties.Keys.Where(k => !MetaKeys.Contains(k)), "hot"];
        module.GetProperty("keys").ShouldBeAssignableTo<IReadOnlyList<object?>>()!.ShouldBe(keys, "Object.keys(import.meta), in order");
        module.GetProperty("meta").ShouldBeAssignableTo<Scripting.IScriptObject>()!.GetKeys().ShouldBe(keys, "the keys of import.meta as .NET reads them");

        var env = await run.ImportAsync("/src/conformance/import-meta-env.ts");
        ViteObservation.ModuleShouldMatch(env, "/src/conformance/import-meta-env.ts");
    }

    /// <summary>EVAL-009: dynamic <c>import.meta.env</c> access, <c>import.meta.resolve</c> and <c>import.meta.glob</c> throw the contract's messages.</summary>
    [Fact, Guarantee("EVAL-009")]
    public virtual async Task EVAL009_import_meta_env_resolve_and_glob_throw()
    {
        await using var run = await Fixture.StartRunnerAsync(kit: b => b.UseImportMetaFactory(_ => new DefaultImportMetaFactory()));
        var module = await run.ImportAsync("/src/conformance/import-meta-errors.js");
        (await CallAsync(run, module, "dynamicEnv")).ShouldBe(ImportMetaDescriptor.DynamicEnvAccessMessage);
        (await CallAsync(run, module, "resolve", "./x.js")).ShouldBe(ImportMetaDescriptor.ResolveNotSupportedMessage);
        (await CallAsync(run, module, "glob")).ShouldBe(ImportMetaDescriptor.GlobMessage);
    }

    /// <summary>EVAL-010: extra members of the description follow <c>glob</c>, in order (a <c>resolve</c> among them replaces the throwing one), before <c>hot</c>.</summary>
    [Fact, Guarantee("EVAL-010")]
    public virtual async Task EVAL010_additional_import_meta_members_are_added_in_order()
    {
        await using var run = await Fixture.StartRunnerAsync(kit: b => b.UseImportMetaFactory(_ => new ExtendedImportMeta()));
        var module = await run.ImportAsync("/src/conformance/import-meta-errors.js");
        module.GetProperty("keys").ShouldBeAssignableTo<IReadOnlyList<object?>>()!
            .ShouldBe([.. MetaKeys, "main", "answer", "hot"], "Object.keys(import.meta) with main, answer and resolve added");
        module.GetProperty("main").ShouldBe(false);
        module.GetProperty("answer").ShouldBe(42d);
        (await CallAsync(run, module, "resolve", "./x.js")).ShouldBe("no error: resolved ./x.js", "import.meta.resolve supplied by the description");
    }

    /// <summary>EVAL-011: <c>import.meta.hot</c> is there, with every method and a stable <c>data</c> object, only when the runner's HMR is on.</summary>
    [Fact, Guarantee("EVAL-011")]
    public virtual async Task EVAL011_import_meta_hot_exists_only_with_hmr()
    {
        const string Url = "/src/conformance/import-meta.ts";
        await using (var withHmr = await Fixture.StartRunnerAsync(hmr: true))
        {
            var module = await withHmr.ImportAsync(Url);
            foreach (var name in new[] { "hotType", "hotMethods", "hotDataIsObject", "hotDataIsStable" })
                ViteObservation.ShouldMatch(module.GetProperty(name), ViteObservation.Export(Url, name), $"with HMR on: {name}");
        }
        await using (var withoutHmr = await Fixture.StartRunnerAsync(hmr: false))
        {
            var module = await withoutHmr.ImportAsync(Url);
            module.GetProperty("hotType").ShouldBe("undefined", "without HMR, import.meta.hot is undefined");
            module.GetProperty("keys").ShouldBeAssignableTo<IReadOnlyList<object?>>()!.ShouldNotContain("hot");
        }
    }

    // The description the runner gives the evaluator: from the factory the seam wired, else the core's default.
    private async Task<ImportMetaDescriptor> ImportMetaOfTheRunnerAsync(string path, IEvaluatedModule module)
    {
        var seam = SeamOptions.Build(Fixture);
        await using (seam.ConfigureAwait(false))
        {
            var factory = seam.Options.ImportMetaFactory?.Invoke(seam.Services)
                ?? seam.Services.GetService(typeof(IImportMetaFactory)) as IImportMetaFactory
                ?? new DefaultImportMetaFactory();
            return factory.Create(path, module);
        }
    }

    /// <summary>The default description plus <c>main</c>, <c>answer</c> and a working <c>resolve</c>.</summary>
    private sealed class ExtendedImportMeta : IImportMetaFactory
    {
        public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module) => new DefaultImportMetaFactory().Create(modulePath, module) with
        {
            AdditionalProperties = new Dictionary<string, object?>
            {
                ["main"] = false,
                ["answer"] = 42,
                ["resolve"] = new Func<object?, object?>(specifier => $"resolved {specifier}"),
            },
        };
    }
}
