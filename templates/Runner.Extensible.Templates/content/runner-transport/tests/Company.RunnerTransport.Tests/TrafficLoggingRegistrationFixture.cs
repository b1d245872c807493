using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerTransport.Tests;

/// <summary>The user's call that discovery must match: <c>UseTrafficLogging()</c>, exported as <see cref="TrafficLoggingPlugin"/>.</summary>
public sealed class TrafficLoggingRegistrationFixture : PluginRegistrationFixture<TrafficLoggingPlugin>
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseTrafficLogging();
}

/// <summary>The kit's registration and discovery suite (REG-*).</summary>
public sealed class TrafficLoggingRegistration(TrafficLoggingRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<TrafficLoggingRegistrationFixture>(fixture);
