using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// A transport that carries payloads both ways (Vite's <c>connect</c>/<c>send</c>/<c>disconnect</c>).
/// The server pushes HMR payloads and RPC responses through <see cref="ITransportMessageHandler.OnMessage"/>.
/// </summary>
public interface IDuplexTransport : IModuleRunnerTransport
{
    /// <summary>
    /// How long the core waits for an RPC response emulated over messages before failing it
    /// (Vite's <c>transport.timeout</c>; default 60 s). <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    TimeSpan InvokeTimeout { get; }

    /// <summary>
    /// Opens the connection and starts delivering payloads to <paramref name="handler"/>. Completes once
    /// the connection is usable; throws <see cref="TransportException"/> with the reason when it cannot connect.
    /// </summary>
    /// <param name="handler">Receives payloads and connection events. Never called concurrently.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken);

    /// <summary>Sends one payload. Throws <see cref="TransportException"/> when the connection is down.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken);

    /// <summary>Closes the connection. Idempotent.</summary>
    /// <param name="cancellationToken">Cancels waiting for a graceful close.</param>
    ValueTask DisconnectAsync(CancellationToken cancellationToken);
}
