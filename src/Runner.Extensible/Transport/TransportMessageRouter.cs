using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// The handler the runner gives a duplex transport (Vite's <c>onMessage</c> wrapper): RPC responses settle
/// their pending call and go no further (so the serial HMR queue never delays them); cache-coherence notices are
/// applied on the spot, in arrival order with the responses around them; everything else goes to the runner.
/// Connection events update the normalized transport's state.
/// </summary>
internal sealed class TransportMessageRouter(RunnerTransport owner, MessageRpcChannel? rpc, IRunnerTransportEvents events) : ITransportMessageHandler
{
    /// <inheritdoc />
    public void OnMessage(HotPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (rpc is not null && rpc.TryHandleResponse(payload)) return;
        if (owner.Notices is { } notices && notices.TryHandle(payload)) return;
        events.OnPayload(payload);
    }

    /// <inheritdoc />
    public void OnDisconnected(Exception? reason) => owner.HandleConnectionLost(reason);

    /// <inheritdoc />
    public void OnReconnected() => owner.HandleReconnected();
}
