using System.Text;
using System.Threading.Channels;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance.Tests.Transports;

/// <summary>What a broken loopback transport does wrong (all off: a correct transport).</summary>
public sealed record LoopbackFaults
{
    public bool DropConnected { get; init; }

    public bool DropResponses { get; init; }

    public bool DropEventsSent { get; init; }

    public bool DropCustomData { get; init; }

    public bool DropHmrPayloads { get; init; }

    public bool ConcurrentDelivery { get; init; }

    public bool MangleText { get; init; }

    public bool IgnoreSendsAfterDisconnect { get; init; }

    public bool HideLostConnection { get; init; }

    public bool NoReconnect { get; init; }

    public bool WrongConnectFailure { get; init; }

    public bool KeepConnectionOnClose { get; init; }

    public bool ThrowServerErrors { get; init; }

    public bool AnswerWithBuiltins { get; init; }
}

/// <summary>The flavours of <see cref="LoopbackTransport"/>.</summary>
public enum LoopbackFlavor
{
    /// <summary>Messages both ways (WebSocket-like).</summary>
    Duplex,

    /// <summary>Request/response only (HTTP without events).</summary>
    Invoke,

    /// <summary>Both (HTTP with an event stream).</summary>
    InvokeAndDuplex,
}

/// <summary>
/// A transport to a <see cref="LoopbackViteServer"/>: payloads cross as JSON text, one delivery loop calls the handler,
/// and it reconnects by itself after losing the connection, like the project's socket transports.
/// </summary>
public class LoopbackTransport : IModuleRunnerTransport
{
    private readonly object _gate = new();
    private readonly ViteServerConnection _connection;
    private Channel<Action>? _deliveries;
    private ITransportMessageHandler? _handler;
    private bool _connected;
    private bool _closed;

    protected LoopbackTransport(ViteServerConnection connection, LoopbackFaults faults)
    {
        _connection = connection;
        Faults = faults;
    }

    public static LoopbackTransport Create(ViteServerConnection connection, LoopbackFlavor flavor, LoopbackFaults? faults = null) => flavor switch
    {
        LoopbackFlavor.Duplex => new DuplexLoopback(connection, faults ?? new()),
        LoopbackFlavor.Invoke => new InvokeLoopback(connection, faults ?? new()),
        _ => new InvokeDuplexLoopback(connection, faults ?? new()),
    };

    public string DisplayName => $"loopback {_connection.WebSocketUrl}";

    public TimeSpan InvokeTimeout => TimeSpan.FromSeconds(60);

    protected LoopbackFaults Faults { get; }

    private LoopbackViteServer Server => LoopbackViteServer.Find(_connection) ?? throw new TransportException($"{DisplayName}: connection refused (no server)");

    public ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _handler = handler;
            _closed = false;
            _deliveries ??= StartDeliveryLoop();
        }
        try
        {
            Server.Open(this);
        }
        catch (TransportException e) when (Faults.WrongConnectFailure)
        {
            throw new InvalidOperationException(e.Message);
        }
        lock (_gate) _connected = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_connected)
            {
                if (Faults.IgnoreSendsAfterDisconnect) return ValueTask.CompletedTask;
                throw new TransportException($"{DisplayName}: not connected");
            }
        }
        if (Faults.DropEventsSent && !ProtocolJson.TryReadInvoke(payload, out _, out _, out _)) return ValueTask.CompletedTask;
        Server.Receive(this, ProtocolJson.Serialize(payload));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        if (Faults.KeepConnectionOnClose) return ValueTask.CompletedTask;
        lock (_gate)
        {
            _closed = true;
            _connected = false;
        }
        LoopbackViteServer.Find(_connection)?.Close(this);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None);
        GC.SuppressFinalize(this);
    }

    /// <summary>The server sends a payload (JSON text) on this connection.</summary>
    public void Deliver(string json)
    {
        if (Faults.MangleText) json = Encoding.Latin1.GetString(Encoding.Latin1.GetBytes(json));
        var payload = ProtocolJson.ParsePayload(json);
        if (Faults.DropConnected && payload is ConnectedPayload) return;
        if (Faults.DropResponses && ProtocolJson.TryReadInvoke(payload, out _, out _, out _)) return;
        if (Faults.DropHmrPayloads && payload is UpdatePayload or FullReloadPayload or PrunePayload) return;
        if (Faults.DropCustomData && payload is CustomPayload { Event: not InvokeRequest.EventName } custom) payload = custom with { Data = null };
        Queue(handler => handler.OnMessage(payload));
    }

    /// <summary>The server went away.</summary>
    public void Lost(Exception reason)
    {
        lock (_gate) _connected = false;
        if (!Faults.HideLostConnection) Queue(handler => handler.OnDisconnected(reason));
        if (!Faults.NoReconnect) _ = ReconnectAsync();
    }

    protected async Task<InvokeResult> InvokeCoreAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        var server = LoopbackViteServer.Find(_connection) ?? throw new TransportException($"{DisplayName}: cannot call {request.Name}: connection refused");
        var json = ProtocolJson.Serialize(Faults.AnswerWithBuiltins ? new InvokeRequest("getBuiltins", request.Id, ProtocolJson.ToElement(Array.Empty<object>())).ToPayload() : request.ToPayload());
        string response;
        try
        {
            response = await server.InvokeAsync(json).WaitAsync(cancellationToken);
        }
        catch (IOException e)
        {
            if (Faults.HideLostConnection) await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new TransportException($"{DisplayName}: cannot call {request.Name}: {e.Message}", e);
        }
        if (Faults.MangleText) response = Encoding.Latin1.GetString(Encoding.Latin1.GetBytes(response));
        var result = ProtocolJson.ReadInvokeResult(System.Text.Json.JsonDocument.Parse(response).RootElement);
        if (Faults.ThrowServerErrors && result.IsError) throw new TransportException($"{DisplayName}: {request.Name} failed: {result.Error}");
        return result;
    }

    private void Queue(Action<ITransportMessageHandler> call)
    {
        ITransportMessageHandler? handler;
        Channel<Action>? deliveries;
        lock (_gate)
        {
            handler = _handler;
            deliveries = _deliveries;
        }
        if (handler is null || deliveries is null) return;
        if (Faults.ConcurrentDelivery) _ = Task.Run(() => call(handler));
        else deliveries.Writer.TryWrite(() => call(handler));
    }

    private Channel<Action> StartDeliveryLoop()
    {
        var channel = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
        _ = Task.Run(async () =>
        {
            await foreach (var delivery in channel.Reader.ReadAllAsync()) delivery();
        });
        return channel;
    }

    private async Task ReconnectAsync()
    {
        while (true)
        {
            await Task.Delay(50);
            lock (_gate)
                if (_closed) return;
            try
            {
                Server.Open(this);
            }
            catch (TransportException)
            {
                continue;
            }
            lock (_gate) _connected = true;
            Queue(handler => handler.OnReconnected());
            return;
        }
    }

    private sealed class DuplexLoopback(ViteServerConnection connection, LoopbackFaults faults) : LoopbackTransport(connection, faults), IDuplexTransport;

    private sealed class InvokeLoopback(ViteServerConnection connection, LoopbackFaults faults) : LoopbackTransport(connection, faults), IInvokeTransport
    {
        public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) => InvokeCoreAsync(request, cancellationToken);
    }

    private sealed class InvokeDuplexLoopback(ViteServerConnection connection, LoopbackFaults faults) : LoopbackTransport(connection, faults), IDuplexTransport, IInvokeTransport
    {
        public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) => InvokeCoreAsync(request, cancellationToken);
    }
}
