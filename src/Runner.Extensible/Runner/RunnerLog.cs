using Microsoft.Extensions.Logging;

namespace Runner.Extensible;

/// <summary>The runner's log messages (Vite's <c>debug</c> calls and the runner's own events).</summary>
internal static partial class RunnerLog
{
    /// <summary>The logger category of runners.</summary>
    internal const string Category = "Runner.Extensible.ModuleRunner";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] fetching {Url}")]
    internal static partial void Fetching(ILogger logger, string runner, string url);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] using cached module info for {Url}")]
    internal static partial void UsingCachedModuleInfo(ILogger logger, string runner, string url);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] fetching builtins from server")]
    internal static partial void FetchingBuiltins(ILogger logger, string runner);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] builtins loaded: {Count}")]
    internal static partial void BuiltinsLoaded(ILogger logger, string runner, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] externalizing {Url}")]
    internal static partial void Externalizing(ILogger logger, string runner, string url);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] executing {Href}")]
    internal static partial void Executing(ILogger logger, string runner, string href);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "[{Runner}] [module runner] module {ModuleId} takes over 2s to load.\nstack:\n{Stack}")]
    internal static partial void SlowModule(ILogger logger, string runner, string moduleId, string stack);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "[{Runner}] transport \"{Transport}\" lost its connection; pending calls failed and new ones fail until it reconnects")]
    internal static partial void TransportDisconnected(ILogger logger, string runner, string transport, Exception? reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "[{Runner}] transport \"{Transport}\" reconnected")]
    internal static partial void TransportReconnected(ILogger logger, string runner, string transport);

    [LoggerMessage(EventId = 45, Level = LogLevel.Debug, Message = "[{Runner}] after the reconnect the server still has every module this runner holds, unchanged; nothing to reload")]
    internal static partial void ServerStillCurrent(ILogger logger, string runner);

    [LoggerMessage(EventId = 46, Level = LogLevel.Information, Message = "[{Runner}] the server no longer has (or changed) modules this runner holds: it restarted, or files changed while the connection was down; the entry points are reloaded")]
    internal static partial void ServerLostModules(ILogger logger, string runner);

    [LoggerMessage(EventId = 47, Level = LogLevel.Debug, Message = "[{Runner}] the server could not answer the check after the reconnect yet ({Reason}); trying again in {DelayMs} ms")]
    internal static partial void ReconnectCheckRetry(ILogger logger, string runner, string reason, double delayMs);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "[{Runner}] ignored a \"{Type}\" payload: {Reason}")]
    internal static partial void PayloadIgnored(ILogger logger, string runner, string type, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "[{Runner}] the HMR client failed to queue a \"{Type}\" payload")]
    internal static partial void HmrEnqueueFailed(ILogger logger, string runner, string type, Exception exception);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "[{Runner}] closing: {Step} failed")]
    internal static partial void CloseStepFailed(ILogger logger, string runner, string step, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "[{Runner}] received a payload of unknown type \"{Type}\"; passing it on to HMR, which ignores it as Vite does")]
    internal static partial void UnknownPayloadType(ILogger logger, string runner, string type);
}
