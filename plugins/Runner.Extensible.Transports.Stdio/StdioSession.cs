using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>
/// One connect-to-disconnect lifetime of the stdio transport: the read loop (the only caller of the handler, so calls
/// never overlap), reporting a host that exits on its own, and starting a new host with backoff
/// (<see cref="StdioTransportOptions.AutoRestart"/>) until one is ready or <see cref="StdioTransportOptions.MaxRestartAttempts"/>
/// restarts in a row have failed.
/// </summary>
internal sealed class StdioSession
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private static readonly TimeSpan ExitCodeWait = TimeSpan.FromSeconds(1);

    private readonly StdioTransportOptions _options;
    private readonly ITransportMessageHandler _handler;
    private readonly ReconnectBackoff _backoff;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private StdioHostProcess? _host;
    private volatile SessionState _state = SessionState.Running;
    private bool _stopRequested;
    private Task _loop = Task.CompletedTask;

    public StdioSession(StdioTransportOptions options, ITransportMessageHandler handler, ILogger logger)
    {
        _options = options;
        _handler = handler;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.RestartDelay, options.MaxRestartDelay, options.RestartJitter);
    }

    private enum SessionState
    {
        Running,
        Restarting,
        Exited,
        GaveUp,
    }

    /// <summary>Whether the host is gone for good (it exited and is not restarted, or restarting gave up).</summary>
    public bool IsLost => _state is SessionState.Exited or SessionState.GaveUp;

    /// <summary>What the display name adds: the running host's pid, or why there is none.</summary>
    public string Describe() => _state switch
    {
        SessionState.Running when _host is { } host => $"node pid {host.Id}",
        SessionState.Restarting => "restarting the Vite host",
        SessionState.GaveUp => "the Vite host exited; restarting it failed",
        _ => "the Vite host exited; AutoRestart is off",
    };

    /// <summary>Starts reading from a host that is ready.</summary>
    public void Start(ReadyHost ready)
    {
        _host = ready.Process;
        _loop = Task.Run(() => RunAsync(ready));
    }

    /// <summary>Writes one payload line; throws <see cref="TransportException"/> when no host is running.</summary>
    public async ValueTask SendAsync(byte[] utf8Json, string what, CancellationToken cancellationToken)
    {
        var host = _host;
        if (host is null || _stopRequested)
            throw new TransportException($"Cannot send {what} to the Vite stdio host: it is not running ({WhyNotRunning()}).");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A line is written whole or the pipe is broken; the caller's token only guards the wait above.
            await host.Input.WriteAsync(utf8Json, CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>
    /// Ends the session without reporting a disconnection: cancels a pending restart (killing a host still starting),
    /// ends the running host politely within <paramref name="grace"/>, and waits for the read loop.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        StdioHostProcess? host;
        lock (_gate)
        {
            _stopRequested = true;
            host = _host;
            _host = null;
        }
        _stopping.Cancel();
        if (host is not null)
        {
            await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await host.StopAsync(grace).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        await _loop.ConfigureAwait(false);
    }

    private string WhyNotRunning() => _stopRequested ? "the runner disconnected it" : _state switch
    {
        SessionState.Restarting => "it exited and is being restarted",
        SessionState.GaveUp => "it exited and could not be restarted",
        _ => "it exited",
    };

    private async Task RunAsync(ReadyHost ready)
    {
        while (true)
        {
            Notify("the \"connected\" payload", () => _handler.OnMessage(ready.First));
            var failure = await ReadUntilEndAsync(ready).ConfigureAwait(false);
            var host = ready.Process;
            host.OutputClosed();
            lock (_gate)
            {
                // Stopping ends the host itself; otherwise the host is ours to clean up below.
                if (_stopRequested) return;
                _host = null;
                _state = _options.AutoRestart ? SessionState.Restarting : SessionState.Exited;
            }
            // Only for the exit code, which normally follows the closed stdout within milliseconds. When .NET cannot see
            // the exit (StdioHostProcess.OutputClosed), waiting longer would only hold up the failing calls.
            var code = await host.WaitForExitAsync(ExitCodeWait).ConfigureAwait(false);
            var exit = $"The Vite stdio host (node pid {host.Id}) exited unexpectedly{(code is null ? " (its stdout closed)" : $" with code {code}")}";
            var stderr = host.StderrTail;
            StdioTransportLog.ExitedUnexpectedly(_logger, host.Id, code is null ? "stdout closed" : $"exit code {code}");
            var reason = new TransportException(
                exit + (_options.AutoRestart ? "; the stdio transport is starting a new one. " : " (StdioTransportOptions.AutoRestart is off, so it is not restarted). ")
                + $"Last stderr lines:{Environment.NewLine}{stderr}", failure);
            Notify("the disconnection", () => _handler.OnDisconnected(reason));
            // Releases the pipes, and kills whatever the host left behind.
            await host.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (!_options.AutoRestart) return;

            var next = await RestartAsync(exit, stderr).ConfigureAwait(false);
            if (next is null) return;
            ready = next;
            Notify("the reconnection", _handler.OnReconnected);
        }
    }

    /// <summary>Delivers the host's lines until its stdout ends; returns the read error, if that is how it ended.</summary>
    private async Task<Exception?> ReadUntilEndAsync(ReadyHost ready)
    {
        using var lines = ready.Lines;
        try
        {
            while (true)
            {
                var kind = await lines.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
                if (kind == LineKind.End) return null;
                if (kind == LineKind.TooLong)
                {
                    StdioTransportLog.DroppedOversized(_logger, lines.SkippedBytes, _options.MaxInboundMessageBytes);
                    continue;
                }
                if (lines.Line.IsEmpty) continue;
                if (StdioLines.TryParse(lines.Line.Span, _logger) is { } payload)
                    Notify($"a \"{payload.Type}\" payload", () => _handler.OnMessage(payload));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return ex;
        }
    }

    /// <summary>
    /// Starts new hosts with backoff until one is ready (returned), the session stops, or restarting gives up (both
    /// <c>null</c>; giving up is reported through <see cref="ITransportMessageHandler.OnDisconnected"/>).
    /// </summary>
    private async Task<ReadyHost?> RestartAsync(string exit, string stderr)
    {
        TransportException? last = null;
        var limit = _options.MaxRestartAttempts;
        for (var attempt = 0; attempt < limit; attempt++)
        {
            var delay = _backoff.DelayFor(attempt);
            StdioTransportLog.Restarting(_logger, attempt + 1, limit, delay);
            try
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                var ready = await StdioHostLauncher.LaunchAsync(_options, _logger, _stopping.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (!_stopRequested)
                    {
                        _host = ready.Process;
                        _state = SessionState.Running;
                        StdioTransportLog.Restarted(_logger, ready.Process.Id, attempt + 1);
                        return ready;
                    }
                }
                // Stopped while the new host started: StopAsync did not see it, so it is ours to end.
                ready.Lines.Dispose();
                ready.Process.Kill();
                await ready.Process.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                return null;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (ViteMissingException ex)
            {
                // Starting again cannot install the package: stop at once and say how.
                GiveUp(new TransportException($"{exit}, and the stdio transport stopped restarting it: {ex.Message}", ex), attempt + 1);
                return null;
            }
            catch (TransportException ex)
            {
                last = ex;
                StdioTransportLog.RestartFailed(_logger, attempt + 1, limit, ex.Message);
            }
        }
        GiveUp(new TransportException(
            $"{exit}, and the stdio transport gave up restarting it after {limit} failed attempt(s) in a row "
            + $"(StdioTransportOptions.MaxRestartAttempts). The last attempt: {last?.Message}{Environment.NewLine}"
            + $"The host that exited had written to stderr:{Environment.NewLine}{stderr}{Environment.NewLine}"
            + "Fix the cause, then start the runner again.", last), limit);
        return null;
    }

    private void GiveUp(TransportException reason, int attempts)
    {
        lock (_gate)
        {
            if (_stopRequested) return;
            _state = SessionState.GaveUp;
        }
        StdioTransportLog.RestartGaveUp(_logger, attempts, reason.Message);
        // A second disconnection report: the first said a new host is coming, this one says why none will.
        Notify("the disconnection", () => _handler.OnDisconnected(reason));
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
