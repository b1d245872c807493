namespace Runner.Extensible.Conformance.Tests.Evaluation;

/// <summary>
/// The correct evaluator every broken evaluator of the self-tests decorates, so that each breakage changes one
/// behaviour of real code. The engine-free test evaluator of the core's tests cannot be it: it runs no JavaScript
/// (no <c>this</c>, no strict mode, no sealing, no value conversions), so it would fail most EVAL guarantees for
/// reasons of its own. The V8 evaluator (branch <c>v8-engine</c>) is the reference once it is on this branch:
/// set <see cref="Configure"/> to <c>b =&gt; b.UseV8()</c>; until then the evaluator breakages skip, saying so.
/// </summary>
public static class ReferenceEvaluator
{
    /// <summary>Wires the reference evaluator, or <c>null</c> while none is on this branch.</summary>
    public static Action<IModuleRunnerBuilder>? Configure => b => b.UseV8();

    /// <summary>Why the evaluator breakages cannot run, or <c>null</c> when they can.</summary>
    public static string? Unavailable => Configure is null
        ? "No reference evaluator on this branch: the evaluator breakages decorate a correct evaluator, and the V8 evaluator (branch v8-engine) has not landed; set ReferenceEvaluator.Configure to b => b.UseV8() when it does."
        : null;
}
