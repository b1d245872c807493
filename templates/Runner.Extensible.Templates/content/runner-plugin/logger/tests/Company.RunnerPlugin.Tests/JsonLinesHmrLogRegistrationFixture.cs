using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>The user's call that discovery must match: <c>UseJsonLinesHmrLog()</c>, exported as <see cref="JsonLinesHmrLogPlugin"/>.</summary>
public sealed class JsonLinesHmrLogRegistrationFixture : PluginRegistrationFixture<JsonLinesHmrLogPlugin>
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseJsonLinesHmrLog();
}

/// <summary>The kit's registration and discovery suite (REG-*).</summary>
public sealed class JsonLinesHmrLogRegistration(JsonLinesHmrLogRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<JsonLinesHmrLogRegistrationFixture>(fixture);
