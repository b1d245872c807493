using System.Net.WebSockets;
using System.Text;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance.Tests.Transports;

/// <summary>
/// The smallest WebSocket transport that honours the contract, for running the transport suite against a real Vite 8
/// with the project's plugin in this repository's CI (the project's own transports inherit the suite in their tests):
/// one reader loop delivers payloads in order, a lost connection is reported and retried until it is back.
/// </summary>
public sealed class MiniWebSocketTransport(Uri url, string token) : IDuplexTransport
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private ClientWebSocket? _socket;
    private ITransportMessageHandler? _handler;
    private CancellationTokenSource _closed = new();

    public string DisplayName => $"mini websocket {url}";

    public TimeSpan InvokeTimeout => TimeSpan.FromSeconds(60);

    public async ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _handler = handler;
            _closed = new CancellationTokenSource();
        }
        var socket = await OpenAsync(cancellationToken);
        lock (_gate) _socket = socket;
        _ = ReadAsync(socket);
    }

    public async ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        ClientWebSocket? socket;
        lock (_gate) socket = _socket;
        if (socket is not { State: WebSocketState.Open }) throw new TransportException($"{DisplayName}: not connected; cannot send a \"{payload.Type}\" payload.");
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(ProtocolJson.SerializeToUtf8Bytes(payload), WebSocketMessageType.Text, true, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new TransportException($"{DisplayName}: sending a \"{payload.Type}\" payload failed: {e.Message}", e);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        ClientWebSocket? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
            _closed.Cancel();
        }
        if (socket is null) return;
        try
        {
            if (socket.State == WebSocketState.Open) await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync() => await DisconnectAsync(CancellationToken.None);

    private async Task<ClientWebSocket> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri($"{url}?token={Uri.EscapeDataString(token)}"), cancellationToken);
            return socket;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException)
        {
            socket.Dispose();
            throw new TransportException($"{DisplayName}: cannot connect: {e.Message}", e);
        }
    }

    private async Task ReadAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                // A malformed frame is dropped, never handed on.
                if (ProtocolJson.TryParsePayload(text, out var payload, out _)) Handler()?.OnMessage(payload);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        lock (_gate)
        {
            if (_socket != socket) return;
            _socket = null;
        }
        Handler()?.OnDisconnected(new IOException("the server closed the connection"));
        await ReconnectAsync();
    }

    private async Task ReconnectAsync()
    {
        CancellationToken closed;
        lock (_gate) closed = _closed.Token;
        while (!closed.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, closed);
                var socket = await OpenAsync(closed);
                lock (_gate)
                {
                    if (closed.IsCancellationRequested)
                    {
                        socket.Dispose();
                        return;
                    }
                    _socket = socket;
                }
                Handler()?.OnReconnected();
                _ = ReadAsync(socket);
                return;
            }
            catch (TransportException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private ITransportMessageHandler? Handler()
    {
        lock (_gate) return _handler;
    }
}

/// <summary>The transport suite against a real Vite 8 with the project's plugin, started by the kit through Node.</summary>
public sealed class MiniWebSocketFixture : TransportConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder)
    {
        var server = Server;
        builder.UseTransport("mini websocket", _ => new MiniWebSocketTransport(server.WebSocketUrl, server.Token));
    }
}

public sealed class MiniWebSocketConformance(MiniWebSocketFixture fixture) : TransportConformanceTests<MiniWebSocketFixture>(fixture);
