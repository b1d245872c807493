using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport;

/// <summary>The logging wrapper of a transport that carries payloads both ways.</summary>
internal class LoggingDuplexTransport(IModuleRunnerTransport inner, TrafficLoggingOptions options, ILogger logger)
    : LoggingTransport(inner, options, logger), IDuplexTransport
{
    private IDuplexTransport Duplex => (IDuplexTransport)Inner;

    public TimeSpan InvokeTimeout => Duplex.InvokeTimeout;

    public async ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            await Duplex.ConnectAsync(new LoggingMessageHandler(handler, this, Options, Logger), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TrafficLog.ConnectFailed(Logger, DisplayName, e);
            throw;
        }
        TrafficLog.Connected(Logger, DisplayName);
    }

    public async ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            await Duplex.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TrafficLog.SendFailed(Logger, payload.Type, DisplayName, e);
            throw;
        }
        Counters.CountSent();
        TrafficLog.Sent(Logger, Options, payload, DisplayName);
    }

    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        await Duplex.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        LogClosed();
    }
}
