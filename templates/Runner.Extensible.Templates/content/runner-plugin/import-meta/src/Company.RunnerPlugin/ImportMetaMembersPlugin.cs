namespace Runner.Extensible;

/// <summary>
/// Lets plugin discovery (<c>AddPluginsFrom</c>, <c>AddPluginsFromDirectory</c>) add the import.meta members factory:
/// it makes the same call a user makes, <see cref="ImportMetaMembersBuilderExtensions.UseImportMetaMembers(IModuleRunnerBuilder)"/>.
/// </summary>
[ModuleRunnerPlugin("Company.RunnerPlugin", Kind = "import-meta-factory")]
public sealed class ImportMetaMembersPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseImportMetaMembers();
}
