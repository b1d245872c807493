namespace Runner.Extensible.Conformance;

/// <summary>
/// What every kit fixture has: the one seam that wires the plugin into a runner the way a user would
/// (<see cref="ConfigureRunner"/>, for example <c>b =&gt; b.UseV8()</c>), a name for messages, and how long
/// the kit waits for one operation before it calls the plugin hung.
/// </summary>
public abstract class ConformanceFixture
{
    /// <summary>The plugin's name in failure and skip messages; by default the fixture's type name without <c>Fixture</c>.</summary>
    public virtual string PluginName => GetType().Name.EndsWith("Fixture", StringComparison.Ordinal) ? GetType().Name[..^"Fixture".Length] : GetType().Name;

    /// <summary>
    /// How long the kit waits for one operation of the plugin (an import, a connect, a call) before it fails the test
    /// as hung. Default 30 seconds.
    /// </summary>
    public virtual TimeSpan OperationTimeout => TimeSpan.FromSeconds(30);

    /// <summary>Applies <see cref="ConfigureRunner"/> to a builder (so that one fixture can wire another's plugin).</summary>
    /// <param name="builder">The runner builder.</param>
    public void ConfigurePlugin(IModuleRunnerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ConfigureRunner(builder);
    }

    /// <summary>
    /// Wires the plugin under test into a runner exactly as a user would, with its public <c>Use*</c>/<c>Add*</c>
    /// methods (for example <c>builder.UseV8()</c>). The kit fills the runner's other slots itself.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    protected abstract void ConfigureRunner(IModuleRunnerBuilder builder);
}
