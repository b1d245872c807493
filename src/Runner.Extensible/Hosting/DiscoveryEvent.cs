namespace Runner.Extensible.Hosting;

/// <summary>Something plugin discovery did for a runner, kept until a logger can report it.</summary>
/// <param name="Runner">The runner being configured.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">The plugin name, or the file for folder events.</param>
/// <param name="Source">Where: the assembly (for plugins) or the folder.</param>
/// <param name="Detail">The plugin's kind, or why a file was skipped.</param>
internal sealed record DiscoveryEvent(string Runner, DiscoveryEventKind Kind, string Subject, string Source, string Detail);

/// <summary>The kinds of <see cref="DiscoveryEvent"/>.</summary>
internal enum DiscoveryEventKind
{
    /// <summary>A plugin was found and configured the runner.</summary>
    PluginConfigured,

    /// <summary>A plugin was found again and skipped: it already configured the runner.</summary>
    PluginAlreadyConfigured,

    /// <summary>A scan found no plugin.</summary>
    NoPluginFound,

    /// <summary>A file of a plugin folder was not loaded.</summary>
    FileSkipped,

    /// <summary>A file of a plugin folder is an assembly the host already has; the host's copy is used.</summary>
    FileSharedWithHost,
}
