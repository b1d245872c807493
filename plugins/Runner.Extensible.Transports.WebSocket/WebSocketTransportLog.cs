using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>Log messages of the WebSocket transport.</summary>
internal static partial class WebSocketTransportLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to the Vite server at {Endpoint}")]
    public static partial void Connected(ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Lost the connection to the Vite server at {Endpoint}: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, Uri endpoint, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reconnect attempt {Attempt} failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Reconnected to the Vite server at {Endpoint} after {Attempts} attempt(s)")]
    public static partial void Reconnected(ILogger logger, Uri endpoint, int attempts);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped a malformed message from {Endpoint}: {Error} (message starts with: {Preview})")]
    public static partial void DroppedMalformed(ILogger logger, Uri endpoint, string error, string preview);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Dropped a message of {Bytes} bytes from {Endpoint}: larger than MaxInboundMessageBytes ({Limit})")]
    public static partial void DroppedOversized(ILogger logger, Uri endpoint, long bytes, int limit);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The runner's message handler threw while handling a {PayloadType} payload; the connection stays up")]
    public static partial void HandlerThrew(ILogger logger, string payloadType, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Sending the keep-alive ping failed: {Reason}")]
    public static partial void PingFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Disconnected from the Vite server at {Endpoint}")]
    public static partial void Disconnected(ILogger logger, Uri endpoint);
}
