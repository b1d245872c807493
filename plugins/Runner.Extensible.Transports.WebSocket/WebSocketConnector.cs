using System.Net.Http;
using System.Net.WebSockets;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>
/// Opens one WebSocket to the plugin's endpoint (token as <c>Authorization: Bearer</c>) and turns every way that can
/// fail into a <see cref="TransportException"/> that says why and what to do.
/// </summary>
internal sealed class WebSocketConnector(WebSocketTransportOptions options, HttpMessageHandler http)
{
    /// <summary>The subprotocol the plugin selects when offered (PROTOCOL.md §4).</summary>
    public const string SubProtocol = "runner-extensible";

    /// <summary>The endpoint of the last attempt, for messages.</summary>
    public Uri? LastEndpoint { get; private set; }

    public async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoint = WebSocketEndpoint.Resolve(options);
        LastEndpoint = endpoint.Url;
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + endpoint.Token);
        socket.Options.AddSubProtocol(SubProtocol);
        if (options.PingInterval > TimeSpan.Zero)
        {
            // WebSocket-level ping: with a timeout, a peer that vanished without closing TCP is noticed.
            socket.Options.KeepAliveInterval = options.PingInterval;
            socket.Options.KeepAliveTimeout = options.PongTimeout;
        }
        else
        {
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
        }

        var capture = new RefusalCapturingHandler(http);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.ConnectTimeout);
        try
        {
            // The invoker is not disposed: that would dispose the shared handler beneath it.
            await socket.ConnectAsync(endpoint.Url, new HttpMessageInvoker(capture, disposeHandler: false), attempt.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (cancellationToken.IsCancellationRequested) throw;
            throw Explain(endpoint, capture.Refusal, attempt.IsCancellationRequested, ex);
        }
    }

    private TransportException Explain(WebSocketEndpoint endpoint, ServerRefusal? refusal, bool timedOut, Exception ex)
    {
        var source = endpoint.ConnectionFile is null ? "" : $" (from the connection file {endpoint.ConnectionFile})";
        if (refusal is not null)
        {
            var howToPassToken = endpoint.ConnectionFile is null
                ? "and pass it with UseWebSocket(url, token), or let the runner read it with UseWebSocketFromConnectionFile(path)"
                : $"but {endpoint.ConnectionFile} may be stale, left by an earlier server; restart the Vite dev server so it rewrites the file";
            return new TransportException(refusal.Describe($"the WebSocket connection to {endpoint.Url}{source}", howToPassToken), ex);
        }
        if (timedOut)
            return new TransportException(
                $"Connecting to the Vite server at {endpoint.Url}{source} timed out after {options.ConnectTimeout.TotalSeconds:0.###} s. "
                + "Check that the dev server is running and reachable, or raise WebSocketTransportOptions.ConnectTimeout.", ex);
        return new TransportException(
            $"Cannot connect to the Vite server at {endpoint.Url}{source}: {Innermost(ex).Message}. "
            + "Start the Vite dev server with the runner-extensible plugin (runnerExtensible() in vite.config) and use the WebSocket URL it logs or writes to its connection file.", ex);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
