using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>
/// <see cref="IDuplexTransport"/> over the stdin/stdout of a <c>node stdio-host.js</c> child (PROTOCOL.md §6): one
/// HotPayload per line. The core emulates invoke over it with Vite's <c>send:&lt;id&gt;</c>/<c>response:&lt;id&gt;</c>
/// scheme and <see cref="InvokeTimeout"/>. The child is the server, so when it exits the connection is gone for good:
/// the handler hears <see cref="ITransportMessageHandler.OnDisconnected"/> with the exit code and last stderr lines.
/// </summary>
internal sealed class StdioTransport : IDuplexTransport
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private static readonly TimeSpan ExitCodeWait = TimeSpan.FromSeconds(1);

    private readonly StdioTransportOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private StdioHostProcess? _host;
    private Task _readLoop = Task.CompletedTask;
    private volatile bool _stopRequested;
    private volatile bool _exited;
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
        + (_host is { } host ? $" (node pid {host.Id})" : "");

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
            if (_host is not null && !_exited)
                throw new InvalidOperationException($"Transport \"{DisplayName}\" is already connected; disconnect it before connecting again.");
            // A child that exited may be replaced by connecting again: that starts a new one.
            if (_host is { } exited)
            {
                await exited.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                await _readLoop.ConfigureAwait(false);
                _host = null;
            }
            _stopRequested = false;
            _exited = false;
            var host = StdioHostProcess.Start(_options, _logger);
            var lines = new BoundedLineReader(host.Output, _options.MaxInboundMessageBytes);
            try
            {
                var first = await WaitUntilReadyAsync(host, lines, cancellationToken).ConfigureAwait(false);
                _host = host;
                StdioTransportLog.Ready(_logger, host.Id);
                _readLoop = Task.Run(() => ReadLoopAsync(host, lines, handler, first));
            }
            catch
            {
                lines.Dispose();
                host.Kill();
                await host.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var host = _host;
        var what = CallDescription.Describe(payload);
        if (host is null || _exited || _stopRequested)
            throw new TransportException($"Cannot send {what} to the Vite stdio host: it is not running ({(_exited ? "it exited" : "not connected")}).");
        var bytes = ProtocolJson.SerializeToUtf8Bytes(payload);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A line is written whole or the pipe is broken; the caller's token only guards the wait above.
            await host.Input.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            await host.Input.WriteAsync(Newline, CancellationToken.None).ConfigureAwait(false);
            await host.Input.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw new TransportException($"Sending {what} to the Vite stdio host (pid {host.Id}) failed: {ex.Message}", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var host = _host;
            if (host is null) return;
            _stopRequested = true;
            await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await host.StopAsync(_options.ShutdownTimeout).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
            try
            {
                await _readLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            _host = null;
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
    }

    /// <summary>Reads until the host's first payload (<c>{"type":"connected"}</c>); explains an early exit or a timeout.</summary>
    private async Task<HotPayload> WaitUntilReadyAsync(StdioHostProcess host, BoundedLineReader lines, CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(_options.StartTimeout);
        try
        {
            while (true)
            {
                switch (await lines.ReadLineAsync(startup.Token).ConfigureAwait(false))
                {
                    case LineKind.End:
                        throw await ExitedBeforeReadyAsync(host).ConfigureAwait(false);
                    case LineKind.TooLong:
                        StdioTransportLog.DroppedOversized(_logger, lines.SkippedBytes, _options.MaxInboundMessageBytes);
                        break;
                    case LineKind.Line when lines.Line.IsEmpty:
                        break;
                    case LineKind.Line:
                        if (TryParse(lines.Line.Span) is { } payload) return payload;
                        break;
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(
                $"Vite did not become ready within {_options.StartTimeout.TotalSeconds:0.###} s (the stdio host, node pid {host.Id}, wrote no {{\"type\":\"connected\"}} line). "
                + $"Raise StdioTransportOptions.StartTimeout if the project is slow to start. Last stderr lines:{Environment.NewLine}{host.StderrTail}", ex);
        }
    }

    private async Task<TransportException> ExitedBeforeReadyAsync(StdioHostProcess host)
    {
        var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var stderr = host.StderrTail;
        if (code == StdioHostProcess.ExitCodeViteMissing)
            return new TransportException(
                $"The stdio transport cannot start Vite: the \"vite\" package is not installed in {host.Root} (nor next to the host script). "
                + $"Install it in the project: cd {host.Root} && npm install --save-dev vite@8. The host said:{Environment.NewLine}{stderr}");
        return new TransportException(
            $"The Vite stdio host (node pid {host.Id}) exited {(code is null ? "" : $"with code {code} ")}before it was ready. Last stderr lines:{Environment.NewLine}{stderr}");
    }

    private async Task ReadLoopAsync(StdioHostProcess host, BoundedLineReader lines, ITransportMessageHandler handler, HotPayload first)
    {
        using var _ = lines;
        Notify("the \"connected\" payload", () => handler.OnMessage(first));
        Exception? failure = null;
        try
        {
            while (true)
            {
                var kind = await lines.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
                if (kind == LineKind.End) break;
                if (kind == LineKind.TooLong)
                {
                    StdioTransportLog.DroppedOversized(_logger, lines.SkippedBytes, _options.MaxInboundMessageBytes);
                    continue;
                }
                if (lines.Line.IsEmpty) continue;
                if (TryParse(lines.Line.Span) is { } payload)
                    Notify($"a \"{payload.Type}\" payload", () => handler.OnMessage(payload));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            failure = ex;
        }
        host.OutputClosed();
        _exited = true;
        if (_stopRequested) return;
        // Only for the exit code, which normally follows the closed stdout within milliseconds. When .NET cannot see
        // the exit (StdioHostProcess.OutputClosed), waiting longer would only hold up the failing calls.
        var code = await host.WaitForExitAsync(ExitCodeWait).ConfigureAwait(false);
        var reason = new TransportException(
            $"The Vite stdio host (node pid {host.Id}) exited unexpectedly{(code is null ? " (its stdout closed)" : $" with code {code}")}. "
            + $"Last stderr lines:{Environment.NewLine}{host.StderrTail}", failure);
        StdioTransportLog.ExitedUnexpectedly(_logger, host.Id, code is null ? "stdout closed" : $"exit code {code}");
        Notify("the disconnection", () => handler.OnDisconnected(reason));
    }

    private HotPayload? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            return ProtocolJson.ParsePayload(line);
        }
        catch (ProtocolException ex)
        {
            StdioTransportLog.DroppedMalformed(_logger, ex.Message, PayloadPreview.Of(line));
            return null;
        }
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
            StdioTransportLog.HandlerThrew(_logger, what, ex);
        }
    }
}
