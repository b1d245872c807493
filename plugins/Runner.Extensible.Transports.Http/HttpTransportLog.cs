using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Transports.Http;

/// <summary>Log messages of the HTTP transport.</summary>
internal static partial class HttpTransportLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened the event stream of the Vite server at {Endpoint} (connection {ConnectionId})")]
    public static partial void Connected(ILogger logger, Uri endpoint, string connectionId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Lost the event stream of the Vite server at {Endpoint}: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, Uri endpoint, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reconnect attempt {Attempt} failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Reopened the event stream of the Vite server at {Endpoint} after {Attempts} attempt(s) (connection {ConnectionId})")]
    public static partial void Reconnected(ILogger logger, Uri endpoint, int attempts, string connectionId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped a malformed event from {Endpoint}: {Error} (data starts with: {Preview})")]
    public static partial void DroppedMalformed(ILogger logger, Uri endpoint, string error, string preview);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Dropped an event of {Bytes} bytes from {Endpoint}: larger than MaxInboundMessageBytes ({Limit})")]
    public static partial void DroppedOversized(ILogger logger, Uri endpoint, long bytes, int limit);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The runner's message handler threw while handling {What}; the event stream stays open")]
    public static partial void HandlerThrew(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Ignored an event of type {EventType} from {Endpoint}")]
    public static partial void IgnoredEvent(ILogger logger, string eventType, Uri endpoint);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Closed the event stream of the Vite server at {Endpoint}")]
    public static partial void Disconnected(ILogger logger, Uri endpoint);
}
