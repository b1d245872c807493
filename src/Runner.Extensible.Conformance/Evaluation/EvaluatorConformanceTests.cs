using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The conformance suite of <see cref="IModuleEvaluator"/> (guarantees <c>EVAL-*</c> of the kit's GUARANTEES.md). Every
/// test imports modules of the kit's fixture app through the real core runner, with the code, ids and source maps a
/// real Vite 8.3.8 server sent for them (recorded), and checks what the evaluator makes of them against what Vite's own
/// <c>ModuleRunner</c> observed for the same modules.
/// Inherit it once with your fixture: <c>public sealed class V8EvaluatorConformance(V8Fixture f) : EvaluatorConformanceTests&lt;V8Fixture&gt;(f);</c>.
/// Every test is virtual: override one where your evaluator legitimately differs, call <c>base</c> where you can, and say why.
/// </summary>
/// <typeparam name="TFixture">The fixture that wires the evaluator.</typeparam>
/// <param name="fixture">The shared fixture.</param>
public abstract partial class EvaluatorConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EvaluatorConformanceFixture
{
    /// <summary>The fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <summary>The fixture app's root (what the recordings call <c>&lt;root&gt;</c>).</summary>
    protected static string Root => ConformanceApp.Root;

    /// <summary>Imports a module and calls one of its exported functions.</summary>
    private static async Task<object?> CallAsync(RunnerSession run, IScriptObject module, string name, params object?[] arguments) =>
        await run.WaitAsync(module.GetFunction(name).InvokeAsync(arguments), $"Calling {name}");

    private static string Caught(ScriptException e) => $"{e.ErrorName}: {e.ErrorMessage}";
}
