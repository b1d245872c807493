using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>
/// <see cref="IDuplexTransport"/> over the stdin/stdout of a <c>node stdio-host.js</c> child (PROTOCOL.md §6): one
/// HotPayload per line. The core emulates invoke over it with Vite's <c>send:&lt;id&gt;</c>/<c>response:&lt;id&gt;</c>
/// scheme and <see cref="InvokeTimeout"/>. The child is the server: when it exits on its own the handler hears
/// <see cref="ITransportMessageHandler.OnDisconnected"/> with the exit code and last stderr lines, and (with
/// <see cref="StdioTransportOptions.AutoRestart"/>) <see cref="ITransportMessageHandler.OnReconnected"/> once a new
/// child is ready, as the network transports reconnect.
/// </summary>
internal sealed class StdioTransport : IDuplexTransport
{
    private readonly StdioTransportOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private StdioSession? _session;
    private bool _disposed;

    public StdioTransport(StdioTransportOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Creates the transport with the logger factory of <paramref name="services"/>, when registered.</summary>
    public static StdioTransport Create(StdioTransportOptions options, IServiceProvider services) =>
        new(options, services.GetService<ILoggerFactory>()?.CreateLogger<StdioTransport>() ?? NullLogger<StdioTransport>.Instance);

    /// <inheritdoc />
    public string DisplayName => "stdio " + Path.GetFullPath(_options.Root ?? Directory.GetCurrentDirectory())
        + (_session is { } session ? $" ({session.Describe()})" : "");

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
            // A host lost for good (AutoRestart off, or restarting gave up) may be replaced by connecting again.
            if (_session is { } lost) await lost.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            _session = null;
            // Disposing the transport kills a host that is still starting.
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            var ready = await StdioHostLauncher.LaunchAsync(_options, _logger, connecting.Token).ConfigureAwait(false);
            var session = new StdioSession(_options, handler, _logger);
            session.Start(ready);
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
        var what = CallDescription.Describe(payload);
        var session = _session ?? throw new TransportException($"Cannot send {what} to the Vite stdio host: it is not running (not connected).");
        return session.SendAsync(ProtocolJson.SerializeToUtf8Bytes(payload), what, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var session = _session;
            _session = null;
            if (session is not null) await session.StopAsync(_options.ShutdownTimeout).ConfigureAwait(false);
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
        await _disposing.CancelAsync().ConfigureAwait(false);
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _disposed = true;
        _disposing.Dispose();
    }
}
