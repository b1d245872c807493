using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerEvaluator.Tests;

/// <summary>The user's call that discovery must match: <c>UseTimedEvaluator()</c>, exported as <see cref="TimedEvaluatorPlugin"/>.</summary>
public sealed class TimedEvaluatorRegistrationFixture : PluginRegistrationFixture<TimedEvaluatorPlugin>
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseTimedEvaluator();
}

/// <summary>The kit's registration and discovery suite (REG-*).</summary>
public sealed class TimedEvaluatorRegistration(TimedEvaluatorRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<TimedEvaluatorRegistrationFixture>(fixture);
