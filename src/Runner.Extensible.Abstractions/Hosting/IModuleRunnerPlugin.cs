namespace Runner.Extensible;

/// <summary>
/// A discoverable plugin. Mark the class with <see cref="ModuleRunnerPluginAttribute"/>; discovery creates it
/// and calls <see cref="Configure"/>, which must use the same public <c>Use*</c>/<c>Add*</c> methods users call.
/// </summary>
public interface IModuleRunnerPlugin
{
    /// <summary>Configures a runner with this plugin's defaults.</summary>
    /// <param name="builder">The runner builder.</param>
    void Configure(IModuleRunnerBuilder builder);
}
