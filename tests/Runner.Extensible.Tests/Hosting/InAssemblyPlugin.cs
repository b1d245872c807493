namespace Runner.Extensible.Tests.Hosting;

/// <summary>A plugin compiled into the test assembly, for <c>AddPluginsFrom(assembly)</c>.</summary>
[ModuleRunnerPlugin(PluginName, Kind = "transport")]
public sealed class InAssemblyPlugin : IModuleRunnerPlugin
{
    public const string PluginName = "Runner.Extensible.Tests.InAssembly";

    public void Configure(IModuleRunnerBuilder builder) => builder.UseTransport("InAssemblyTransport", _ => new FakeTransport("in-assembly"));
}
