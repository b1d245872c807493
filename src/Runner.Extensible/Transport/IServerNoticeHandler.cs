using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// Server pushes the runner must apply the moment they arrive, ahead of the serial HMR queue: the cache-coherence
/// notices, which have to take effect before any payload or response that follows them is acted on.
/// </summary>
internal interface IServerNoticeHandler
{
    /// <summary>Applies <paramref name="payload"/> if it is a notice; <c>true</c> when it was one (it then goes no further).</summary>
    /// <param name="payload">A payload that is not an RPC response.</param>
    bool TryHandle(HotPayload payload);

    /// <summary>
    /// The connection was lost: notices sent from now on are lost with it, so nothing held can be trusted any more
    /// (an import asks the server, and fails while it is unreachable, as Vite's runner does).
    /// </summary>
    void OnConnectionLost();

    /// <summary>The transport reconnected: the new connection has its own notices and knows nothing of the old one.</summary>
    void OnConnectionReplaced();
}
