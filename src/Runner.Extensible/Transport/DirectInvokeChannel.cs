using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// Calls through the transport's own request/response (Vite's <c>transport.invoke</c> path): the request id is
/// the literal <c>send</c> and no timeout is applied, as in Vite (add one with <c>AddInvokeTimeout</c>).
/// </summary>
internal sealed class DirectInvokeChannel(IInvokeTransport transport) : IRpcChannel
{
    /// <summary>The id Vite puts on every request of this path.</summary>
    internal const string RequestId = "send";

    /// <inheritdoc />
    public async Task<JsonElement> InvokeAsync(string method, JsonElement arguments, CancellationToken cancellationToken)
    {
        InvokeResult? result;
        try
        {
            result = await transport.InvokeAsync(new InvokeRequest(method, RequestId, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransportFailures.ShouldWrap(ex))
        {
            throw TransportFailures.Threw(transport, method, arguments, ex);
        }
        if (result is null)
            throw new ProtocolException($"transport \"{transport.DisplayName}\" returned no result for {InvokeDescription.Describe(method, arguments)}; an invoke transport must return {{result}} or {{error}}.");
        if (result.Error is { } error)
            throw new InvokeErrorException(method, error);
        return result.Result;
    }
}
