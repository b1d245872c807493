namespace Runner.Extensible;

/// <summary>
/// Lets plugin discovery (<c>AddPluginsFrom</c>, <c>AddPluginsFromDirectory</c>) add traffic logging to the runner's
/// transport: it makes the same call a user makes, <see cref="TrafficLoggingBuilderExtensions.UseTrafficLogging(IModuleRunnerBuilder)"/>.
/// </summary>
[ModuleRunnerPlugin("Company.RunnerTransport", Kind = "transport")]
public sealed class TrafficLoggingPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseTrafficLogging();
}
