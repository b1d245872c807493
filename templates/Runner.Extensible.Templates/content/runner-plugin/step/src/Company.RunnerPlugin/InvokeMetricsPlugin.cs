namespace Runner.Extensible;

/// <summary>
/// Lets plugin discovery (<c>AddPluginsFrom</c>, <c>AddPluginsFromDirectory</c>) add the invoke metrics step: it makes
/// the same call a user makes, <see cref="InvokeMetricsBuilderExtensions.AddInvokeMetrics(IModuleRunnerBuilder)"/>.
/// </summary>
[ModuleRunnerPlugin("Company.RunnerPlugin", Kind = "step")]
public sealed class InvokeMetricsPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.AddInvokeMetrics();
}
