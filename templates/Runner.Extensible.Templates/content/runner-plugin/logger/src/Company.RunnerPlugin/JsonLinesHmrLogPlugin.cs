namespace Runner.Extensible;

/// <summary>
/// Lets plugin discovery (<c>AddPluginsFrom</c>, <c>AddPluginsFromDirectory</c>) add the JSON Lines HMR log: it
/// makes the same call a user makes, <see cref="JsonLinesHmrLogBuilderExtensions.UseJsonLinesHmrLog(IModuleRunnerBuilder)"/>.
/// </summary>
[ModuleRunnerPlugin("Company.RunnerPlugin", Kind = "hmr-logger")]
public sealed class JsonLinesHmrLogPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseJsonLinesHmrLog();
}
