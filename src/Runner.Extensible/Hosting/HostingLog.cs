using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Hosting;

/// <summary>What hosting logs (category <c>Runner.Extensible.Hosting</c>).</summary>
internal static partial class HostingLog
{
    public const string Category = "Runner.Extensible.Hosting";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Module runner {Runner} created: evaluator {Evaluator}, transport {Transport}")]
    public static partial void RunnerCreated(ILogger logger, string runner, string evaluator, string transport);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Module runner {Runner}: plugin {Plugin} ({Kind}) from {Assembly} configured it")]
    public static partial void PluginConfigured(ILogger logger, string runner, string plugin, string kind, string assembly);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Module runner {Runner}: plugin {Plugin} found again in {Assembly}; it already configured this runner, skipped")]
    public static partial void PluginAlreadyConfigured(ILogger logger, string runner, string plugin, string assembly);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Module runner {Runner}: no plugin found in {Source}")]
    public static partial void NoPluginFound(ILogger logger, string runner, string source);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Module runner {Runner}: skipped {File} in plugin folder {Folder}: {Reason}")]
    public static partial void FileSkipped(ILogger logger, string runner, string file, string folder, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Module runner {Runner}: {File} in plugin folder {Folder} is an assembly the host already has; the host's copy is used")]
    public static partial void FileSharedWithHost(ILogger logger, string runner, string file, string folder);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Module runner {Runner} failed to dispose")]
    public static partial void DisposeFailed(ILogger logger, string runner, Exception exception);

    /// <summary>How runner names appear in logs: the default runner has an empty name.</summary>
    public static string RunnerLabel(string name) => name.Length == 0 ? "(default)" : name;

    public static void Report(ILogger logger, DiscoveryEvent e)
    {
        var runner = RunnerLabel(e.Runner);
        switch (e.Kind)
        {
            case DiscoveryEventKind.PluginConfigured: PluginConfigured(logger, runner, e.Subject, e.Detail, e.Source); break;
            case DiscoveryEventKind.PluginAlreadyConfigured: PluginAlreadyConfigured(logger, runner, e.Subject, e.Source); break;
            case DiscoveryEventKind.NoPluginFound: NoPluginFound(logger, runner, e.Source); break;
            case DiscoveryEventKind.FileSkipped: FileSkipped(logger, runner, e.Subject, e.Source, e.Detail); break;
            case DiscoveryEventKind.FileSharedWithHost: FileSharedWithHost(logger, runner, e.Subject, e.Source); break;
        }
    }
}
