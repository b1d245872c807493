using Runner.Extensible.Evaluation;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

public sealed partial class ModuleRunner
{
    private readonly object _closeGate = new();
    private Task? _closing;

    /// <summary>
    /// Checks the transport against the configuration, initializes the evaluator, starts the HMR client (when
    /// HMR is on) and connects the transport. Idempotent; concurrent callers share one start, and a start that
    /// failed (for example because the server was unreachable) is tried again by the next call.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the start (which other callers may share).</param>
    /// <exception cref="InvalidOperationException">The configuration cannot work (HMR on a transport that cannot push, a transport that is neither invoke nor duplex); the message names the fix. Also after <see cref="CloseAsync"/>.</exception>
    /// <exception cref="TransportException">The transport could not connect.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_closed) throw RunnerErrors.Closed();
        await _start.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartCoreAsync()
    {
        var transport = _transport ??= CreateTransport();
        // Created before connecting, so that the first payloads (such as "connected") find it.
        if (Components.Hmr && _hot is null && !_closed) _hot = CreateHotUpdateClient();
        if (!_evaluatorInitialized)
        {
            var host = new ModuleEvaluatorHost(Name, Components.LoggerFactory, CreateSourceMapInterceptor());
            await Components.Evaluator.InitializeAsync(host, _lifetime.Token).ConfigureAwait(false);
            _evaluatorInitialized = true;
        }
        await transport.ConnectAsync(_transportEvents, _lifetime.Token).ConfigureAwait(false);
    }

    private RunnerTransport CreateTransport()
    {
        var transport = RunnerTransport.Create(Components.Transport, Components.Hmr, Components.TimeProvider);
        if (_coherent is not null)
        {
            // Notices are pushed; a transport that cannot receive pushes cannot keep a code cache coherent.
            if (transport.IsDuplex) transport.Notices = _coherent;
            else _coherent.Disable(Components.Transport.DisplayName);
        }
        return transport;
    }

    /// <summary>
    /// Closes the runner as Vite's <c>close()</c> does (clears the cache and the HMR state, marks the runner closed,
    /// disconnects the transport so that pending calls fail with <c>transport was disconnected, cannot call …</c>),
    /// then disposes the evaluator and the transport. Later imports, dynamic ones included, fail with
    /// <c>Vite module runner has been closed.</c> Idempotent.
    /// </summary>
    public Task CloseAsync()
    {
        lock (_closeGate) return _closing ??= CloseCoreAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task CloseCoreAsync()
    {
        ClearCache();
        _hot = null;
        _closed = true;
        if (_transport is { } transport)
            await RunCloseStepAsync("disconnecting the transport", () => transport.DisconnectAsync(CancellationToken.None)).ConfigureAwait(false);
        // After the disconnect, so that pending calls fail with Vite's message rather than as cancelled.
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await RunCloseStepAsync("disposing the evaluator", () => Components.Evaluator.DisposeAsync().AsTask()).ConfigureAwait(false);
        await RunCloseStepAsync("disposing the transport", () => Components.Transport.DisposeAsync().AsTask()).ConfigureAwait(false);
    }

    private async Task RunCloseStepAsync(string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Closing must finish whatever a plugin does; the failure is logged, not thrown.
            RunnerLog.CloseStepFailed(_logger, Name, step, ex);
        }
    }
}
