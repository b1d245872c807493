using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerEvaluator.Tests;

/// <summary>
/// Wires the plugin the way a user does: V8 evaluates, and UseTimedEvaluator decorates it. The limits are far above
/// what the kit's modules take, so the suite checks that decorating changes nothing a module can observe.
/// </summary>
public sealed class TimedV8Fixture : EvaluatorConformanceFixture
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) =>
        builder.UseV8().UseTimedEvaluator(o =>
        {
            o.WarnAfter = TimeSpan.FromSeconds(10);
            o.MaxDuration = TimeSpan.FromSeconds(60);
        });
}

/// <summary>The kit's evaluator suite (EVAL-*), run against V8 decorated by the timed evaluator.</summary>
public sealed class TimedV8Conformance(TimedV8Fixture fixture) : EvaluatorConformanceTests<TimedV8Fixture>(fixture);
