using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>The user's call that discovery must match: <c>AddInvokeMetrics()</c>, exported as <see cref="InvokeMetricsPlugin"/>.</summary>
public sealed class InvokeMetricsRegistrationFixture : PluginRegistrationFixture<InvokeMetricsPlugin>
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.AddInvokeMetrics();
}

/// <summary>The kit's registration and discovery suite (REG-*).</summary>
public sealed class InvokeMetricsRegistration(InvokeMetricsRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<InvokeMetricsRegistrationFixture>(fixture);
