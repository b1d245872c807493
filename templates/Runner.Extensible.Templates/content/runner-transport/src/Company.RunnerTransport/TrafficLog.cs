using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;

namespace Company.RunnerTransport;

/// <summary>The log messages of the logged transport; each has structured fields a log store can filter on.</summary>
internal static partial class TrafficLog
{
    /// <summary>Logs a payload the runner sent: its type (and event, for custom payloads), and its JSON when wanted.</summary>
    public static void Sent(ILogger logger, TrafficLoggingOptions options, HotPayload payload, string transport)
    {
        if (!logger.IsEnabled(options.MessageLevel)) return;
        if (options.PayloadCharacters == 0) SentPayload(logger, options.MessageLevel, Describe(payload), transport);
        else SentPayloadJson(logger, options.MessageLevel, Describe(payload), transport, Json(payload, options.PayloadCharacters));
    }

    /// <summary>Logs a payload the server pushed: its type (and event, for custom payloads), and its JSON when wanted.</summary>
    public static void Received(ILogger logger, TrafficLoggingOptions options, HotPayload payload, string transport)
    {
        if (!logger.IsEnabled(options.MessageLevel)) return;
        if (options.PayloadCharacters == 0) ReceivedPayload(logger, options.MessageLevel, Describe(payload), transport);
        else ReceivedPayloadJson(logger, options.MessageLevel, Describe(payload), transport, Json(payload, options.PayloadCharacters));
    }

    private static string Describe(HotPayload payload) => payload is CustomPayload custom ? $"{custom.Type} {custom.Event}" : payload.Type;

    private static string Json(HotPayload payload, int characters)
    {
        var json = ProtocolJson.Serialize(payload);
        return json.Length <= characters ? json : json[..characters] + "…";
    }

    [LoggerMessage(EventId = 1, Message = "Sent {Payload} through {Transport}")]
    private static partial void SentPayload(ILogger logger, LogLevel level, string payload, string transport);

    [LoggerMessage(EventId = 1, Message = "Sent {Payload} through {Transport}: {Json}")]
    private static partial void SentPayloadJson(ILogger logger, LogLevel level, string payload, string transport, string json);

    [LoggerMessage(EventId = 2, Message = "Received {Payload} through {Transport}")]
    private static partial void ReceivedPayload(ILogger logger, LogLevel level, string payload, string transport);

    [LoggerMessage(EventId = 2, Message = "Received {Payload} through {Transport}: {Json}")]
    private static partial void ReceivedPayloadJson(ILogger logger, LogLevel level, string payload, string transport, string json);

    [LoggerMessage(EventId = 3, Message = "Called {Method} through {Transport} in {ElapsedMilliseconds:F1} ms ({Outcome})")]
    public static partial void Called(ILogger logger, LogLevel level, string method, string transport, double elapsedMilliseconds, string outcome);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Connected {Transport}")]
    public static partial void Connected(ILogger logger, string transport);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Lost the connection of {Transport}")]
    public static partial void Lost(ILogger logger, string transport, Exception? reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Reconnected {Transport}")]
    public static partial void Reconnected(ILogger logger, string transport);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Closed {Transport} after sending {Sent} and receiving {Received} payloads and {Calls} calls ({FailedCalls} failed)")]
    public static partial void Closed(ILogger logger, string transport, long sent, long received, long calls, long failedCalls);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Sending {PayloadType} through {Transport} failed")]
    public static partial void SendFailed(ILogger logger, string payloadType, string transport, Exception error);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Connecting {Transport} failed")]
    public static partial void ConnectFailed(ILogger logger, string transport, Exception error);
}
