using System.Net;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>
/// Sits between <see cref="System.Net.WebSockets.ClientWebSocket"/> and the HTTP stack for one handshake and keeps the
/// body of a refused upgrade: <c>ClientWebSocket</c> reports only the status code, but the Vite plugin explains the
/// refusal in the body (PROTOCOL.md §2.2), and that explanation is what the user needs to see.
/// </summary>
internal sealed class RefusalCapturingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>The refusal, when the server answered anything but 101 Switching Protocols.</summary>
    public ServerRefusal? Refusal { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            Refusal = await ServerRefusal.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return response;
    }
}
