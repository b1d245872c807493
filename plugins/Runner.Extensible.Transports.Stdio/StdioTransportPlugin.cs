namespace Runner.Extensible.Transports.Stdio;

/// <summary>
/// Discovery export of the stdio transport: a runner that finds this plugin uses
/// <see cref="StdioTransportBuilderExtensions.UseStdio(IModuleRunnerBuilder)"/> with its named
/// <see cref="StdioTransportOptions"/> (bind them from configuration, or leave them empty to start Vite in the current
/// directory).
/// </summary>
[ModuleRunnerPlugin("Runner.Extensible.Transports.Stdio", Kind = "transport")]
public sealed class StdioTransportPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseStdio();
}
