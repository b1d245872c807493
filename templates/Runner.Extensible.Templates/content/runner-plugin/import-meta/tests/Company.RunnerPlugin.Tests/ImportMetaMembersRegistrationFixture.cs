using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>The user's call that discovery must match: <c>UseImportMetaMembers()</c>, exported as <see cref="ImportMetaMembersPlugin"/>.</summary>
public sealed class ImportMetaMembersRegistrationFixture : PluginRegistrationFixture<ImportMetaMembersPlugin>
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseImportMetaMembers();
}

/// <summary>The kit's registration and discovery suite (REG-*).</summary>
public sealed class ImportMetaMembersRegistration(ImportMetaMembersRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<ImportMetaMembersRegistrationFixture>(fixture);
