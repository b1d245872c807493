using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Coherence;

/// <summary>Log messages of the runner's coherent fetching.</summary>
internal static partial class CoherenceLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "[{Runner}] the server offers " + CoherenceProtocol.FetchModulesMethod + ": modules are fetched in batches and reused until the server invalidates them")]
    internal static partial void Supported(ILogger logger, string runner);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "[{Runner}] the server does not offer " + CoherenceProtocol.FetchModulesMethod + " on this connection ({Reason}); fetching every import with fetchModule, as Vite's runner does")]
    internal static partial void Unsupported(ILogger logger, string runner, string reason);

    [LoggerMessage(EventId = 42, Level = LogLevel.Debug, Message = "[{Runner}] transport \"{Transport}\" cannot receive server pushes, so it cannot hear invalidation notices; fetching every import with fetchModule, as Vite's runner does")]
    internal static partial void NoPushChannel(ILogger logger, string runner, string transport);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "[{Runner}] received a malformed " + CoherenceProtocol.InvalidateEvent + " notice; every held module will be checked with the server on its next import")]
    internal static partial void MalformedNotice(ILogger logger, string runner);

    [LoggerMessage(EventId = 44, Level = LogLevel.Trace, Message = "[{Runner}] invalidation notice {Seq}: {Count} module(s){All}")]
    internal static partial void NoticeApplied(ILogger logger, string runner, long seq, int count, string all);
}
