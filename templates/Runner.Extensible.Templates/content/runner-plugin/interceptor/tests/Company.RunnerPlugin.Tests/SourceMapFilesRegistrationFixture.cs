using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>The user's call that discovery must match: <c>UseSourceMapFiles()</c>, exported as <see cref="SourceMapFilesPlugin"/>.</summary>
public sealed class SourceMapFilesRegistrationFixture : PluginRegistrationFixture<SourceMapFilesPlugin>
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseSourceMapFiles();
}

/// <summary>The kit's registration and discovery suite (REG-*).</summary>
public sealed class SourceMapFilesRegistration(SourceMapFilesRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<SourceMapFilesRegistrationFixture>(fixture);
