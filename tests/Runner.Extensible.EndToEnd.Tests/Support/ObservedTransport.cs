using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// A pass-through around the transport a <c>Use*</c> call configured: it records every payload and connection event
/// in a <see cref="TransportLog"/> (payloads before the runner sees them, so tests can say what had arrived when a
/// module's callback ran). It keeps the inner transport's shape (duplex, or duplex with native invoke), because the core picks
/// its RPC path from that.
/// </summary>
internal class ObservedTransport(IDuplexTransport inner, TransportLog log) : IDuplexTransport
{
    public string DisplayName => inner.DisplayName;

    public TimeSpan InvokeTimeout => inner.InvokeTimeout;

    /// <summary>Wraps <paramref name="transport"/>; it must be duplex (every transport with HMR is).</summary>
    public static IModuleRunnerTransport Wrap(IModuleRunnerTransport transport, TransportLog log) => transport switch
    {
        IDuplexTransport and IInvokeTransport => new ObservedInvokeTransport(transport, log),
        IDuplexTransport duplex => new ObservedTransport(duplex, log),
        _ => throw new InvalidOperationException($"The end-to-end tests observe duplex transports only; {transport.GetType().Name} is not one."),
    };

    public ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken) =>
        inner.ConnectAsync(new ObservingHandler(handler, log), cancellationToken);

    public ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        log.Add(new PayloadSent(payload));
        return inner.SendAsync(payload, cancellationToken);
    }

    public ValueTask DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class ObservedInvokeTransport(IModuleRunnerTransport inner, TransportLog log)
        : ObservedTransport((IDuplexTransport)inner, log), IInvokeTransport
    {
        public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
            ((IInvokeTransport)inner).InvokeAsync(request, cancellationToken);
    }

    private sealed class ObservingHandler(ITransportMessageHandler runner, TransportLog log) : ITransportMessageHandler
    {
        public void OnMessage(HotPayload payload)
        {
            log.Add(new PayloadReceived(payload));
            runner.OnMessage(payload);
        }

        // Connection events are recorded after the runner has handled them: a test that sees "connection back" may
        // import at once, and the runner must already know the connection is usable.
        public void OnDisconnected(Exception? reason)
        {
            runner.OnDisconnected(reason);
            log.Add(new ConnectionLost(reason));
        }

        public void OnReconnected()
        {
            runner.OnReconnected();
            log.Add(new ConnectionBack());
        }
    }
}

/// <summary>Puts an <see cref="ObservedTransport"/> around whatever fills the runner's transport slot.</summary>
internal static class ObservedTransportBuilderExtensions
{
    /// <summary>Call after the <c>Use*</c> transport method: options configure in registration order.</summary>
    public static IModuleRunnerBuilder ObserveTransport(this IModuleRunnerBuilder builder, TransportLog log) =>
        builder.Configure(options =>
        {
            var slot = options.Transport ?? throw new InvalidOperationException("Call a Use* transport method before ObserveTransport.");
            options.Transport = slot with { Factory = services => ObservedTransport.Wrap(slot.Factory(services), log) };
        });
}
