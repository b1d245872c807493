using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// What a duplex transport reports to the runner. Calls are made one at a time, in arrival order,
/// and must return quickly: the runner queues HMR work rather than running it inside the call.
/// </summary>
public interface ITransportMessageHandler
{
    /// <summary>A payload arrived from the server.</summary>
    /// <param name="payload">The parsed payload. Malformed frames never get here: the transport logs and drops them.</param>
    void OnMessage(HotPayload payload);

    /// <summary>
    /// The connection was lost. Pending RPC calls fail at once with an exception that names the method
    /// (rather than waiting for their timeout). A transport that reconnects by itself keeps trying and
    /// later calls <see cref="OnReconnected"/>.
    /// </summary>
    /// <param name="reason">Why, when known.</param>
    void OnDisconnected(Exception? reason);

    /// <summary>
    /// The connection is back after <see cref="OnDisconnected"/>. The runner can no longer trust that it
    /// heard about every change, so it re-validates what it holds before reusing it.
    /// </summary>
    void OnReconnected();
}
