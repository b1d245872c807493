using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance;

public abstract partial class EvaluatorConformanceTests<TFixture>
{
    /// <summary>EVAL-001: a module's named and default exports, and a virtual module's, read as Vite's runner read them.</summary>
    [Fact, Guarantee("EVAL-001")]
    public virtual async Task EVAL001_exports_of_imported_modules()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var math = await run.ImportAsync("/src/math.ts");
        ViteObservation.ModuleShouldMatch(math, "/src/math.ts");
        ViteObservation.ShouldMatch(await CallAsync(run, math, "add", 1, 2), ViteObservation.Call("/src/math.ts", "add"), "add(1, 2)");
        ViteObservation.ShouldMatch(await CallAsync(run, math, "default", 3, 4), ViteObservation.Call("/src/math.ts", "default"), "multiply(3, 4) (the default export)");
        ViteObservation.ModuleShouldMatch(await run.ImportAsync("/src/legacy.js"), "/src/legacy.js");
        ViteObservation.ModuleShouldMatch(await run.ImportAsync("/@id/__x00__virtual:runner-fixture"), "/@id/__x00__virtual:runner-fixture");
    }

    /// <summary>EVAL-002: the exports object has a null prototype and a non-enumerable <c>Symbol.toStringTag</c> of <c>Module</c>, and its exports are enumerable getters.</summary>
    [Fact, Guarantee("EVAL-002")]
    public virtual async Task EVAL002_exports_object_is_shaped_like_a_module_namespace()
    {
        await using var run = await Fixture.StartRunnerAsync();
        const string Url = "/src/conformance/shape.ts";
        var shape = await run.ImportAsync(Url);
        foreach (var name in new[] { "prototypeIsNull", "toStringTag", "tagValue", "tagEnumerable", "exportIsGetter", "exportEnumerable" })
            ViteObservation.ShouldMatch(shape.GetProperty(name), ViteObservation.Export(Url, name), $"{Url}: {name}");
        var math = await run.ImportAsync("/src/math.ts");
        math.HasProperty("toString").ShouldBeFalse("an exports object has no prototype, so it inherits nothing (such as toString)");
        math.HasProperty("add").ShouldBeTrue();
    }

    /// <summary>EVAL-003: the exports object is sealed once the module's code has run, and not before.</summary>
    [Fact, Guarantee("EVAL-003")]
    public virtual async Task EVAL003_exports_are_sealed_after_evaluation()
    {
        await using var run = await Fixture.StartRunnerAsync();
        const string Url = "/src/conformance/shape.ts";
        var shape = await run.ImportAsync(Url);
        foreach (var name in new[] { "sealedAfterEvaluation", "sealedDuringEvaluation", "configurableDuringEvaluation" })
            ViteObservation.ShouldMatch(shape.GetProperty(name), ViteObservation.Export(Url, name), $"{Url}: {name}");
        foreach (var name in new[] { "assignExport", "addExport", "deleteExport" })
            ViteObservation.ShouldMatch(await CallAsync(run, shape, name), ViteObservation.Call(Url, name), $"{Url}: {name}() (the error a sealed namespace throws)");
    }

    /// <summary>EVAL-004: a circular importer sees the partly filled exports object (published before the code ran), and later the full one.</summary>
    [Fact, Guarantee("EVAL-004")]
    public virtual async Task EVAL004_circular_imports_see_the_exports_published_before_the_code_ran()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var a = await run.ImportAsync("/src/cycle/a.ts");
        ViteObservation.ModuleShouldMatch(a, "/src/cycle/a.ts");
        ViteObservation.ShouldMatch(await CallAsync(run, a, "readBLater"), ViteObservation.Call("/src/cycle/a.ts", "readBLater"), "readBLater() after both modules ran");
    }

    /// <summary>EVAL-005: exports are live bindings: a value changed by the module's code reads changed through the same exports object.</summary>
    [Fact, Guarantee("EVAL-005")]
    public virtual async Task EVAL005_exports_are_live_bindings()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var counter = await run.ImportAsync("/src/counter.ts");
        counter.GetProperty("count").ShouldBe(0d);
        ViteObservation.ShouldMatch(await CallAsync(run, counter, "increment"), ViteObservation.Call("/src/counter.ts", "increment"), "increment()");
        counter.GetProperty("count").ShouldBe(1d, "count read through the exports object after increment()");
        await CallAsync(run, counter, "increment");
        counter.GetProperty("count").ShouldBe(2d, "count read through the exports object after a second increment()");
    }

    /// <summary>EVAL-006: <c>export *</c> re-exports every key except <c>default</c>, and a module's own export wins over it.</summary>
    [Fact, Guarantee("EVAL-006")]
    public virtual async Task EVAL006_export_all_skips_default_and_existing_keys()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var reexports = await run.ImportAsync("/src/reexports.ts");
        ViteObservation.ModuleShouldMatch(reexports, "/src/reexports.ts");
        reexports.HasProperty("default").ShouldBeFalse("export * never re-exports default");
        ViteObservation.ShouldMatch(await CallAsync(run, reexports, "plus", 2, 3), ViteObservation.Call("/src/reexports.ts", "plus"), "plus(2, 3)");
        ViteObservation.ShouldMatch(await CallAsync(run, reexports, "times", 2, 3), ViteObservation.Call("/src/reexports.ts", "times"), "times(2, 3)");
    }

    /// <summary>EVAL-007: dynamic imports (relative, root-relative, computed at run time) resolve, and return the same namespace as a static import.</summary>
    [Fact, Guarantee("EVAL-007")]
    public virtual async Task EVAL007_dynamic_imports_resolve_and_share_the_namespace()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var dynamic = await run.ImportAsync("/src/conformance/dynamic.ts");
        ViteObservation.ShouldMatch(await CallAsync(run, dynamic, "loadAll"), ViteObservation.Call("/src/conformance/dynamic.ts", "loadAll"),
            "loadAll(): [relative, root-relative, computed, same namespace as the static import]");
        var lazy = await run.ImportAsync("/src/dyn/lazy.ts");
        lazy.ShouldBe(await run.ImportAsync("/src/dyn/lazy.ts"), "importing a module again gives the same exports object");
    }
}
