using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>
/// <see cref="IDuplexTransport"/> over <see cref="System.Net.WebSockets.ClientWebSocket"/> to the Vite plugin's
/// WebSocket endpoint: one HotPayload per text message. The core emulates invoke over it with Vite's
/// <c>send:&lt;id&gt;</c>/<c>response:&lt;id&gt;</c> scheme and <see cref="InvokeTimeout"/>.
/// </summary>
internal sealed class WebSocketTransport : IDuplexTransport
{
    private readonly WebSocketTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SocketsHttpHandler _http;
    private readonly WebSocketConnector _connector;
    private readonly ReconnectBackoff _backoff;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebSocketSession? _session;
    private bool _disposed;

    public WebSocketTransport(WebSocketTransportOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _http = new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout };
        _connector = new WebSocketConnector(options, _http);
        _backoff = new ReconnectBackoff(options.ReconnectDelay, options.MaxReconnectDelay, options.ReconnectJitter);
    }

    /// <summary>Creates the transport with the logger factory and time provider of <paramref name="services"/>, when registered.</summary>
    public static WebSocketTransport Create(WebSocketTransportOptions options, IServiceProvider services) =>
        new(options,
            services.GetService<ILoggerFactory>()?.CreateLogger<WebSocketTransport>() ?? NullLogger<WebSocketTransport>.Instance,
            services.GetService<TimeProvider>() ?? TimeProvider.System);

    /// <inheritdoc />
    public string DisplayName => "websocket " + (_connector.LastEndpoint?.ToString()
        ?? _options.Url?.ToString()
        ?? "(connection file " + (_options.ConnectionFile ?? WebSocketEndpoint.DefaultConnectionFile) + ")");

    /// <inheritdoc />
    public TimeSpan InvokeTimeout => _options.InvokeTimeout;

    /// <inheritdoc />
    public async ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is { IsLost: false })
                throw new InvalidOperationException($"Transport \"{DisplayName}\" is already connected; disconnect it before connecting again.");
            // A connection lost for good (AutoReconnect off) may be replaced by connecting again.
            if (_session is { } lost) await lost.StopAsync(cancellationToken).ConfigureAwait(false);
            _session = null;
            var socket = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var session = new WebSocketSession(_connector, handler, _options, _backoff, _time, _logger);
            WebSocketTransportLog.Connected(_logger, _connector.LastEndpoint!);
            session.Start(socket);
            _session = session;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var session = _session ?? throw new TransportException($"Cannot send a \"{payload.Type}\" payload over transport \"{DisplayName}\": it is not connected.");
        return session.SendAsync(ProtocolJson.SerializeToUtf8Bytes(payload), CallDescription.Describe(payload), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var session = _session;
            _session = null;
            if (session is not null) await session.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _disposed = true;
        _http.Dispose();
    }
}
