using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>A transport that can call a server method and await its answer (Vite's <c>transport.invoke</c>).</summary>
public interface IInvokeTransport : IModuleRunnerTransport
{
    /// <summary>
    /// Sends <c>{"type":"custom","event":"vite:invoke","data":{"id":"send","name":…,"data":[…]}}</c> and
    /// returns the server's <c>{result}|{error}</c>. A server error is returned as
    /// <see cref="InvokeResult.Failure"/>, not thrown; a broken connection throws
    /// <see cref="TransportException"/> naming the method.
    /// </summary>
    /// <param name="request">The request (its <see cref="InvokeRequest.Id"/> is <c>send</c>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken);
}
