using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>
/// One connect-to-disconnect lifetime of the transport: the receive loop (the only caller of the handler, so calls
/// never overlap), the keep-alive ping, and reconnecting with backoff after the connection drops.
/// </summary>
internal sealed class WebSocketSession
{
    private static readonly byte[] PingMessage = ProtocolJson.SerializeToUtf8Bytes(new PingPayload());

    private readonly WebSocketConnector _connector;
    private readonly ITransportMessageHandler _handler;
    private readonly WebSocketTransportOptions _options;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private volatile ClientWebSocket? _socket;
    private volatile bool _stopRequested;
    private Task _loop = Task.CompletedTask;
    private ITimer? _pingTimer;

    public WebSocketSession(WebSocketConnector connector, ITransportMessageHandler handler, WebSocketTransportOptions options, ReconnectBackoff backoff, TimeProvider time, ILogger logger)
    {
        _connector = connector;
        _handler = handler;
        _options = options;
        _backoff = backoff;
        _time = time;
        _logger = logger;
    }

    private Uri Endpoint => _connector.LastEndpoint!;

    /// <summary>Whether the connection was lost for good (it dropped and reconnecting is off).</summary>
    public bool IsLost => _loop.IsCompleted && !_stopRequested;

    /// <summary>Starts receiving on a freshly opened socket.</summary>
    public void Start(ClientWebSocket socket)
    {
        _socket = socket;
        _loop = Task.Run(RunAsync);
        if (_options.PingInterval > TimeSpan.Zero)
            _pingTimer = _time.CreateTimer(_ => _ = PingAsync(), null, _options.PingInterval, _options.PingInterval);
    }

    /// <summary>Sends one UTF-8 JSON message; throws <see cref="TransportException"/> when the connection is down.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, string what, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (_stopRequested || socket is not { State: WebSocketState.Open })
            throw new TransportException(
                $"Cannot send {what} to the Vite server at {Endpoint}: the WebSocket is not connected"
                + (_stopRequested ? " (the runner disconnected)." : _options.AutoReconnect ? " (reconnecting)." : "."));
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Cancelling a WebSocket send aborts the whole socket, so the caller's token only guards the wait above;
            // the send itself ends with the session.
            await socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw new TransportException($"Sending {what} to the Vite server at {Endpoint} failed: {ex.Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the connection (politely when possible) and ends the loop without reporting a disconnection.</summary>
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _stopRequested = true;
        if (_pingTimer is not null) await _pingTimer.DisposeAsync().ConfigureAwait(false);
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                using var polite = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                polite.CancelAfter(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "runner disconnected", polite.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The socket is going away either way.
            }
        }
        _stopping.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _socket?.Dispose();
        _socket = null;
        WebSocketTransportLog.Disconnected(_logger, Endpoint);
    }

    private async Task RunAsync()
    {
        var socket = _socket!;
        while (true)
        {
            var reason = await ReceiveUntilLostAsync(socket).ConfigureAwait(false);
            if (_stopRequested) return;
            _socket = null;
            socket.Dispose();
            WebSocketTransportLog.ConnectionLost(_logger, Endpoint, reason.Message);
            Notify("disconnected", () => _handler.OnDisconnected(reason));
            if (!_options.AutoReconnect) return;
            var next = await ReconnectAsync().ConfigureAwait(false);
            if (next is null) return;
            socket = next;
            _socket = socket;
            Notify("reconnected", _handler.OnReconnected);
        }
    }

    /// <summary>Delivers messages until the connection ends; returns why (meaningless once a stop was requested).</summary>
    private async Task<TransportException> ReceiveUntilLostAsync(ClientWebSocket socket)
    {
        using var reader = new InboundMessageReader(_options.MaxInboundMessageBytes);
        try
        {
            while (true)
            {
                switch (await reader.ReadAsync(socket, _stopping.Token).ConfigureAwait(false))
                {
                    case InboundKind.Message:
                        Deliver(reader.Message.Span);
                        break;
                    case InboundKind.TooLarge:
                        WebSocketTransportLog.DroppedOversized(_logger, Endpoint, reader.DiscardedBytes, _options.MaxInboundMessageBytes);
                        break;
                    case InboundKind.Closed:
                        await AcknowledgeCloseAsync(socket).ConfigureAwait(false);
                        return new TransportException(
                            $"The Vite server at {Endpoint} closed the WebSocket ({(int?)reader.CloseStatus} {reader.CloseDescription}".TrimEnd() + ").");
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            return new TransportException($"The connection to the Vite server at {Endpoint} was lost: {MostSpecificMessage(ex)}", ex);
        }
    }

    /// <summary>
    /// The message that says what happened: a keep-alive timeout, for example, surfaces as an "Aborted" cancellation
    /// wrapping the <see cref="WebSocketException"/> that explains it.
    /// </summary>
    private static string MostSpecificMessage(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e is AggregateException aggregate ? aggregate.InnerExceptions.FirstOrDefault() : e.InnerException)
        {
            if (e is WebSocketException or IOException && !string.IsNullOrEmpty(e.Message)) return e.Message;
        }
        return exception.Message;
    }

    private void Deliver(ReadOnlySpan<byte> utf8Json)
    {
        HotPayload payload;
        try
        {
            payload = ProtocolJson.ParsePayload(utf8Json);
        }
        catch (ProtocolException ex)
        {
            WebSocketTransportLog.DroppedMalformed(_logger, Endpoint, ex.Message, PayloadPreview.Of(utf8Json));
            return;
        }
        Notify(payload.Type, () => _handler.OnMessage(payload));
    }

    /// <summary>Calls the handler; its failure is logged, never allowed to end the receive loop.</summary>
    private void Notify(string what, Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            WebSocketTransportLog.HandlerThrew(_logger, what, ex);
        }
    }

    private async Task<ClientWebSocket?> ReconnectAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Task.Delay(_backoff.DelayFor(attempt), _time, _stopping.Token).ConfigureAwait(false);
                var socket = await _connector.ConnectAsync(_stopping.Token).ConfigureAwait(false);
                WebSocketTransportLog.Reconnected(_logger, Endpoint, attempt + 1);
                return socket;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (TransportException ex)
            {
                WebSocketTransportLog.ReconnectFailed(_logger, attempt + 1, ex.Message);
            }
        }
    }

    private async Task AcknowledgeCloseAsync(ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.CloseReceived) return;
        try
        {
            using var polite = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            polite.CancelAfter(TimeSpan.FromSeconds(1));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", polite.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Best effort: the server is gone or going.
        }
    }

    private async Task PingAsync()
    {
        var socket = _socket;
        if (_stopRequested || socket is not { State: WebSocketState.Open }) return;
        // Any traffic keeps the connection alive: skip this ping rather than queue behind a send in progress.
        if (!await _sendLock.WaitAsync(0).ConfigureAwait(false)) return;
        try
        {
            await socket.SendAsync(PingMessage.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The receive loop notices a dead connection and reports it.
            WebSocketTransportLog.PingFailed(_logger, ex.Message);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
