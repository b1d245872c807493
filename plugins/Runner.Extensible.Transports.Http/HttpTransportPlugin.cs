namespace Runner.Extensible.Transports.Http;

/// <summary>
/// Discovery export of the HTTP transport: a runner that finds this plugin uses
/// <see cref="HttpTransportBuilderExtensions.UseHttp(IModuleRunnerBuilder)"/> with its named
/// <see cref="HttpTransportOptions"/> (bind them from configuration, or leave them empty to read the connection file
/// under the current directory).
/// </summary>
[ModuleRunnerPlugin("Runner.Extensible.Transports.Http", Kind = "transport")]
public sealed class HttpTransportPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseHttp();
}
