namespace Runner.Extensible.Transports;

/// <summary>
/// A connection from a module runner to a Vite dev server. A transport implements
/// <see cref="IInvokeTransport"/> (request/response), <see cref="IDuplexTransport"/> (messages both
/// ways, which HMR needs), or both. The core turns a duplex-only transport into request/response by
/// Vite's <c>send:&lt;id&gt;</c>/<c>response:&lt;id&gt;</c> scheme, so a plugin writes only what its channel
/// does natively. A runner with HMR on and a transport that is not duplex fails at start-up.
/// </summary>
/// <remarks>One transport instance serves one runner; the runner disposes it.</remarks>
public interface IModuleRunnerTransport : IAsyncDisposable
{
    /// <summary>A short name for logs and errors, for example <c>websocket ws://127.0.0.1:5173/…</c>.</summary>
    string DisplayName { get; }
}
