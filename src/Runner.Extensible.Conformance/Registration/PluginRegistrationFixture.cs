namespace Runner.Extensible.Conformance;

/// <summary>
/// The fixture of <see cref="PluginRegistrationConformanceTests{TFixture}"/>: <see cref="ConformanceFixture.ConfigureRunner"/>
/// makes the call a user makes (for example <c>builder.UseV8()</c>), and <see cref="PluginType"/> is the class
/// exported with <see cref="ModuleRunnerPluginAttribute"/> that discovery finds in its assembly.
/// </summary>
public abstract class PluginRegistrationFixture : ConformanceFixture
{
    /// <summary>The plugin class exported with <see cref="ModuleRunnerPluginAttribute"/>.</summary>
    public abstract Type PluginType { get; }
}

/// <summary>A <see cref="PluginRegistrationFixture"/> whose plugin class is <typeparamref name="TPlugin"/>.</summary>
/// <typeparam name="TPlugin">The plugin class exported with <see cref="ModuleRunnerPluginAttribute"/>.</typeparam>
public abstract class PluginRegistrationFixture<TPlugin> : PluginRegistrationFixture
    where TPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public sealed override Type PluginType => typeof(TPlugin);
}
