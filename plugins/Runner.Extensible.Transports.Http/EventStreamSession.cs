using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Http;

/// <summary>
/// One connect-to-disconnect lifetime of the HTTP transport's event stream: the read loop (the only caller of the
/// handler, so calls never overlap), the idle check, and reopening the stream with backoff after it drops.
/// </summary>
internal sealed class EventStreamSession
{
    private readonly HttpClient _client;
    private readonly ITransportMessageHandler _handler;
    private readonly HttpTransportOptions _options;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private volatile EventStream? _stream;
    private volatile bool _stopRequested;
    private Task _loop = Task.CompletedTask;

    public EventStreamSession(HttpClient client, ITransportMessageHandler handler, HttpTransportOptions options, ReconnectBackoff backoff, TimeProvider time, ILogger logger)
    {
        _client = client;
        _handler = handler;
        _options = options;
        _backoff = backoff;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether the event stream was lost for good (it dropped and reconnecting is off).</summary>
    public bool IsLost => _loop.IsCompleted && !_stopRequested;

    /// <summary>The open stream, or <c>null</c> while the connection is down.</summary>
    public EventStream? Current => _stream;

    /// <summary>The endpoint last connected to (kept while reconnecting).</summary>
    public HttpEndpoint? LastEndpoint { get; private set; }

    /// <summary>Raised (on the loop) when a new stream opens, so calls use its endpoint.</summary>
    public Action<HttpEndpoint>? EndpointChanged { get; set; }

    public void Start(EventStream stream)
    {
        _stream = stream;
        LastEndpoint = stream.Endpoint;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Ends the loop without reporting a disconnection.</summary>
    public async ValueTask StopAsync()
    {
        _stopRequested = true;
        _stopping.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stream?.Dispose();
        _stream = null;
        if (LastEndpoint is not null) HttpTransportLog.Disconnected(_logger, LastEndpoint.Events);
    }

    private async Task RunAsync()
    {
        var stream = _stream!;
        while (true)
        {
            var reason = await ReadUntilLostAsync(stream).ConfigureAwait(false);
            _stream = null;
            stream.Dispose();
            if (_stopRequested) return;
            HttpTransportLog.ConnectionLost(_logger, stream.Endpoint.Events, reason.Message);
            Notify("the disconnection", () => _handler.OnDisconnected(reason));
            if (!_options.AutoReconnect) return;
            var next = await ReconnectAsync().ConfigureAwait(false);
            if (next is null) return;
            stream = next;
            _stream = stream;
            LastEndpoint = stream.Endpoint;
            EndpointChanged?.Invoke(stream.Endpoint);
            Notify("the reconnection", _handler.OnReconnected);
        }
    }

    private async Task<TransportException> ReadUntilLostAsync(EventStream stream)
    {
        var idleTimeout = _options.EventStreamIdleTimeout;
        using var idle = idleTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(idleTimeout, _time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, idle.Token);
        if (idleTimeout != Timeout.InfiniteTimeSpan)
            stream.Reader.OnActivity = () => idle.CancelAfter(idleTimeout);
        var endpoint = stream.Endpoint.Events;
        try
        {
            while (true)
            {
                switch (await stream.Reader.ReadAsync(reading.Token).ConfigureAwait(false))
                {
                    case SseKind.End:
                        return new TransportException($"The Vite server at {endpoint} ended the event stream (connection {stream.ConnectionId}).");
                    case SseKind.TooLarge:
                        HttpTransportLog.DroppedOversized(_logger, endpoint, stream.Reader.SkippedBytes, _options.MaxInboundMessageBytes);
                        break;
                    case SseKind.Event when stream.Reader.EventType == "message":
                        Deliver(endpoint, stream.Reader.Data.Span);
                        break;
                    case SseKind.Event:
                        HttpTransportLog.IgnoredEvent(_logger, stream.Reader.EventType, endpoint);
                        break;
                }
            }
        }
        catch (OperationCanceledException ex) when (idle.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            return new TransportException(
                $"The event stream of the Vite server at {endpoint} was silent for {idleTimeout.TotalSeconds:0.###} s (not even a keep-alive); treating the connection as lost.", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            return new TransportException($"The event stream of the Vite server at {endpoint} was lost: {ex.Message}", ex);
        }
    }

    private void Deliver(Uri endpoint, ReadOnlySpan<byte> utf8Json)
    {
        HotPayload payload;
        try
        {
            payload = ProtocolJson.ParsePayload(utf8Json);
        }
        catch (ProtocolException ex)
        {
            HttpTransportLog.DroppedMalformed(_logger, endpoint, ex.Message, PayloadPreview.Of(utf8Json));
            return;
        }
        Notify($"a \"{payload.Type}\" payload", () => _handler.OnMessage(payload));
    }

    /// <summary>Calls the handler; its failure is logged, never allowed to end the read loop.</summary>
    private void Notify(string what, Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            HttpTransportLog.HandlerThrew(_logger, what, ex);
        }
    }

    private async Task<EventStream?> ReconnectAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Task.Delay(_backoff.DelayFor(attempt), _time, _stopping.Token).ConfigureAwait(false);
                var stream = await EventStream.OpenAsync(_client, _options, _stopping.Token).ConfigureAwait(false);
                HttpTransportLog.Reconnected(_logger, stream.Endpoint.Events, attempt + 1, stream.ConnectionId);
                return stream;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (TransportException ex)
            {
                HttpTransportLog.ReconnectFailed(_logger, attempt + 1, ex.Message);
            }
        }
    }
}
