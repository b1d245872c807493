using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport;

/// <summary>Stands between the wrapped transport and the runner's handler: logs and counts, then passes each call on at once.</summary>
internal sealed class LoggingMessageHandler(ITransportMessageHandler runner, LoggingTransport transport, TrafficLoggingOptions options, ILogger logger)
    : ITransportMessageHandler
{
    public void OnMessage(HotPayload payload)
    {
        transport.Counters.CountReceived();
        TrafficLog.Received(logger, options, payload, transport.DisplayName);
        runner.OnMessage(payload);
    }

    public void OnDisconnected(Exception? reason)
    {
        TrafficLog.Lost(logger, transport.DisplayName, reason);
        runner.OnDisconnected(reason);
    }

    public void OnReconnected()
    {
        TrafficLog.Reconnected(logger, transport.DisplayName);
        runner.OnReconnected();
    }
}
