namespace Runner.Extensible;

/// <summary>How a named runner takes part in the host's lifetime (named options, like <see cref="ModuleRunnerOptions"/>).</summary>
public sealed class ModuleRunnerHostingOptions
{
    /// <summary>
    /// Whether the runner is created and started (its transport connected) when the host starts, rather than
    /// on first use. Every registered runner's options are validated at host start either way. Default <c>false</c>.
    /// </summary>
    public bool StartWithHost { get; set; }
}
