using System.Collections.Concurrent;
using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance.InMemory;

/// <summary>
/// A transport to a <see cref="FakeViteServer"/> in the same process. Every payload crosses as JSON text and is
/// parsed again, as on a socket. Flavours: <see cref="Duplex"/> (RPC emulated over messages, like WebSocket),
/// <see cref="Invoke"/> (request/response only, like HTTP) and <see cref="InvokeAndDuplex"/> (both, like HTTP
/// with an event stream). Tests can make it fail, drop responses, lose and regain the connection, and push payloads.
/// </summary>
public abstract class InMemoryTransport : IModuleRunnerTransport
{
    private readonly ConcurrentQueue<string> _sentFrames = new();

    /// <summary>Creates the transport.</summary>
    protected InMemoryTransport(FakeViteServer server, string displayName)
    {
        Server = server;
        DisplayName = displayName;
    }

    /// <summary>A transport that carries RPC over messages.</summary>
    public static InMemoryDuplexTransport Duplex(FakeViteServer server, string displayName = "in-memory duplex") => new(server, displayName);

    /// <summary>A request/response transport that cannot push.</summary>
    public static InMemoryInvokeTransport Invoke(FakeViteServer server, string displayName = "in-memory invoke") => new(server, displayName);

    /// <summary>A transport with native request/response and a push channel.</summary>
    public static InMemoryInvokeDuplexTransport InvokeAndDuplex(FakeViteServer server, string displayName = "in-memory invoke+duplex") => new(server, displayName);

    /// <summary>The server.</summary>
    public FakeViteServer Server { get; }

    /// <inheritdoc />
    public string DisplayName { get; }

    /// <summary>Every payload the runner sent (or invoked with), as JSON text, in order.</summary>
    public IReadOnlyList<string> SentFrames => _sentFrames.ToArray();

    /// <summary>When set, the next calls throw it (a broken plugin or socket).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Whether the runner disposed the transport.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Records a frame the runner sent.</summary>
    protected void Record(string json) => _sentFrames.Enqueue(json);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The duplex flavour: RPC over <c>send:</c>/<c>response:</c> messages.</summary>
public class InMemoryDuplexTransport : InMemoryTransport, IDuplexTransport
{
    private readonly object _deliveryGate = new();
    private readonly ConcurrentQueue<string> _runnerPayloads = new();
    private ITransportMessageHandler? _handler;
    private volatile bool _connected;

    internal InMemoryDuplexTransport(FakeViteServer server, string displayName) : base(server, displayName) { }

    /// <inheritdoc />
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the server sends <c>{"type":"connected"}</c> on connect, as Vite's servers do.</summary>
    public bool SendConnectedOnConnect { get; set; } = true;

    /// <summary>When set, <see cref="ConnectAsync"/> throws it.</summary>
    public Exception? FailConnectWith { get; set; }

    /// <summary>When true, the server still handles calls but its responses are lost.</summary>
    public bool DropResponses { get; set; }

    /// <summary>How often the runner connected.</summary>
    public int ConnectCount { get; private set; }

    /// <summary>How often the runner disconnected.</summary>
    public int DisconnectCount { get; private set; }

    /// <summary>Whether the connection is up.</summary>
    public bool IsConnected => _connected;

    /// <summary>Non-RPC payloads the runner sent (custom events, <c>vite:invalidate</c>), as JSON.</summary>
    public IReadOnlyList<string> RunnerPayloads => _runnerPayloads.ToArray();

    /// <summary>The ids of the RPC requests sent, in order.</summary>
    public IReadOnlyList<string> RequestIds =>
        SentFrames.Select(f => ProtocolJson.ParsePayload(f))
            .Select(p => ProtocolJson.TryReadInvoke(p, out _, out var id, out _) ? id : null)
            .OfType<string>().ToArray();

    /// <inheritdoc />
    public ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken)
    {
        if (FailConnectWith is { } failure) throw failure;
        ConnectCount++;
        _handler = handler;
        _connected = true;
        if (SendConnectedOnConnect) Push("""{"type":"connected"}""");
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure) throw failure;
        if (!_connected) throw new TransportException($"{DisplayName}: socket closed");
        var json = ProtocolJson.Serialize(payload);
        Record(json);
        var received = ProtocolJson.ParsePayload(json);
        if (ProtocolJson.TryReadInvoke(received, out var name, out var id, out var arguments) && id.StartsWith("send", StringComparison.Ordinal))
            _ = AnswerAsync(name, id, arguments.Clone());
        else
            _runnerPayloads.Enqueue(json);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        DisconnectCount++;
        _connected = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers a server payload (JSON text, parsed as a transport would).</summary>
    public void Push(string json)
    {
        lock (_deliveryGate)
        {
            if (_connected) _handler?.OnMessage(ProtocolJson.ParsePayload(json));
        }
    }

    /// <summary>Delivers a server payload.</summary>
    public void Push(HotPayload payload) => Push(ProtocolJson.Serialize(payload));

    /// <summary>The connection drops (the runner is told, as a socket close would).</summary>
    public void LoseConnection(Exception? reason = null)
    {
        lock (_deliveryGate)
        {
            _connected = false;
            _handler?.OnDisconnected(reason);
        }
    }

    /// <summary>The connection comes back by itself.</summary>
    public void Reconnect()
    {
        lock (_deliveryGate)
        {
            _connected = true;
            _handler?.OnReconnected();
        }
    }

    private async Task AnswerAsync(string name, string id, JsonElement arguments)
    {
        // Answer asynchronously, as a socket would.
        await Task.Yield();
        var response = await Server.HandleInvokeAsync(name, arguments).ConfigureAwait(false);
        if (DropResponses) return;
        var responseId = "response" + id["send".Length..];
        var payload = new CustomPayload(InvokeRequest.EventName, ProtocolJson.ToElement(new Dictionary<string, object?>
        {
            ["name"] = name,
            ["id"] = responseId,
            ["data"] = response,
        }));
        Push(payload);
    }
}

/// <summary>The request/response flavour: no push channel.</summary>
public sealed class InMemoryInvokeTransport : InMemoryTransport, IInvokeTransport
{
    internal InMemoryInvokeTransport(FakeViteServer server, string displayName) : base(server, displayName) { }

    /// <inheritdoc />
    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
        InMemoryInvoke.InvokeAsync(this, request, cancellationToken, Record);
}

/// <summary>Both: native request/response for RPC, messages for HMR.</summary>
public sealed class InMemoryInvokeDuplexTransport : InMemoryDuplexTransport, IInvokeTransport
{
    internal InMemoryInvokeDuplexTransport(FakeViteServer server, string displayName) : base(server, displayName) { }

    /// <inheritdoc />
    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
        InMemoryInvoke.InvokeAsync(this, request, cancellationToken, Record);
}

internal static class InMemoryInvoke
{
    public static async Task<InvokeResult> InvokeAsync(InMemoryTransport transport, InvokeRequest request, CancellationToken cancellationToken, Action<string> record)
    {
        if (transport.FailWith is { } failure) throw failure;
        var json = ProtocolJson.Serialize(request.ToPayload());
        record(json);
        var received = ProtocolJson.ParsePayload(json);
        if (!ProtocolJson.TryReadInvoke(received, out var name, out _, out var arguments))
            throw new ProtocolException($"{transport.DisplayName}: the runner invoked with a payload that is not a vite:invoke request: {json}");
        var response = await transport.Server.HandleInvokeAsync(name, arguments.Clone()).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ProtocolJson.ReadInvokeResult(response);
    }
}
