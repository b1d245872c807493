namespace Runner.Extensible;

/// <summary>
/// Lets plugin discovery (<c>AddPluginsFrom</c>, <c>AddPluginsFromDirectory</c>) add the source-map interceptor: it
/// makes the same call a user makes, <see cref="SourceMapFilesBuilderExtensions.UseSourceMapFiles(IModuleRunnerBuilder)"/>.
/// </summary>
[ModuleRunnerPlugin("Company.RunnerPlugin", Kind = "source-map-interceptor")]
public sealed class SourceMapFilesPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseSourceMapFiles();
}
