using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// The runner's view of its transport (Vite's <c>normalizeModuleRunnerTransport</c>): one <c>connect</c>,
/// <c>disconnect</c>, <c>send</c> and <c>invoke</c> whatever the plugin implements. Calls wait for a connect
/// in progress and fail with <see cref="SendBeforeConnectException"/> when there is no connection.
/// </summary>
/// <remarks>
/// One deliberate difference from Vite: when a duplex transport reports a lost connection, pending calls fail at
/// once with a <see cref="TransportException"/> naming the call (Vite leaves them to their timeout), and a
/// transport that reconnects by itself makes the connection usable again.
/// </remarks>
internal sealed class RunnerTransport
{
    private readonly object _gate = new();
    private readonly IDuplexTransport? _duplex;
    private readonly MessageRpcChannel? _messageRpc;
    private readonly IRpcChannel _rpc;
    private IRunnerTransportEvents? _events;
    private bool _connected;
    private Task? _connecting;

    private RunnerTransport(IModuleRunnerTransport transport, TimeProvider timeProvider)
    {
        Transport = transport;
        _duplex = transport as IDuplexTransport;
        if (transport is IInvokeTransport invoke)
        {
            _rpc = new DirectInvokeChannel(invoke);
        }
        else
        {
            _messageRpc = new MessageRpcChannel(_duplex!, timeProvider);
            _rpc = _messageRpc;
        }
        // Vite: a transport without connect counts as connected from the start.
        _connected = _duplex is null;
    }

    /// <summary>The plugin's transport.</summary>
    public IModuleRunnerTransport Transport { get; }

    /// <summary>Whether the transport can carry server pushes (HMR).</summary>
    public bool IsDuplex => _duplex is not null;

    /// <summary>Whether calls can be made now.</summary>
    public bool IsConnected { get { lock (_gate) return _connected; } }

    /// <summary>
    /// Applies cache-coherence notices as they arrive and hears about reconnects before anything of the new
    /// connection is delivered. Set before connecting.
    /// </summary>
    internal IServerNoticeHandler? Notices { get; set; }

    /// <summary>Calls waiting for a response over messages (0 for request/response transports).</summary>
    internal int PendingCallCount => _messageRpc?.PendingCount ?? 0;

    /// <summary>
    /// Checks that <paramref name="transport"/> can serve a runner (with HMR when <paramref name="hmr"/>) and wraps
    /// it. Throws <see cref="InvalidOperationException"/> naming the fix otherwise.
    /// </summary>
    /// <param name="transport">The plugin's transport.</param>
    /// <param name="hmr">Whether the runner's HMR client runs.</param>
    /// <param name="timeProvider">Drives the invoke timeout.</param>
    public static RunnerTransport Create(IModuleRunnerTransport transport, bool hmr, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var kind = $"transport \"{transport.DisplayName}\" ({transport.GetType().FullName})";
        if (transport is not IInvokeTransport && transport is not IDuplexTransport)
            throw new InvalidOperationException(
                $"transport must implement send and connect when invoke is not implemented: {kind} implements neither {nameof(IInvokeTransport)} nor {nameof(IDuplexTransport)}. "
                + $"A transport plugin must implement at least one of them.");
        if (hmr && transport is not IDuplexTransport)
            throw new InvalidOperationException(
                $"HMR is not supported by this runner transport, but `hmr` option was set to true: {kind} does not implement {nameof(IDuplexTransport)}, so the server cannot push updates. "
                + "Use a duplex transport (WebSocket, stdio, or HTTP with events), or call DisableHmr() on the runner builder.");
        return new RunnerTransport(transport, timeProvider);
    }

    /// <summary>
    /// Connects a duplex transport (a no-op for request/response ones); concurrent callers share one attempt,
    /// and a failed attempt can be retried.
    /// </summary>
    /// <param name="events">Receives payloads and connection changes.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public async Task ConnectAsync(IRunnerTransportEvents events, CancellationToken cancellationToken)
    {
        if (_duplex is null) return;
        Task connecting;
        TaskCompletionSource? mine = null;
        lock (_gate)
        {
            if (_connected) return;
            if (_connecting is null)
            {
                _events = events;
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _connecting = mine.Task;
            }
            connecting = _connecting;
        }
        if (mine is not null)
        {
            try
            {
                await _duplex.ConnectAsync(new TransportMessageRouter(this, _messageRpc, events), cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _connected = true;
                    _connecting = null;
                }
                mine.SetResult();
            }
            catch (Exception ex)
            {
                lock (_gate) _connecting = null;
                var failure = ex is TransportException or OperationCanceledException
                    ? ex
                    : new TransportException($"transport \"{Transport.DisplayName}\" failed to connect: {ex.Message}", ex);
                mine.SetException(failure);
            }
        }
        await connecting.ConfigureAwait(false);
    }

    /// <summary>Calls a server method (Vite's <c>transport.invoke(name, data)</c>), after any connect in progress.</summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments, a JSON array.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    public async Task<JsonElement> InvokeAsync(string method, JsonElement arguments, CancellationToken cancellationToken)
    {
        await WaitUntilConnectedAsync("invoke").ConfigureAwait(false);
        return await _rpc.InvokeAsync(method, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a payload (Vite's <c>transport.send</c>); does nothing for a transport that cannot send.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    public async Task SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        if (_duplex is null) return;
        await WaitUntilConnectedAsync("send").ConfigureAwait(false);
        try
        {
            await _duplex.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransportFailures.ShouldWrap(ex))
        {
            throw TransportFailures.SendThrew(Transport, payload, ex);
        }
    }

    /// <summary>
    /// Vite's <c>disconnect()</c> (called by <c>close()</c>): when connected, waits for a connect in progress,
    /// fails every pending call with <c>transport was disconnected, cannot call "&lt;name&gt;"</c> and
    /// disconnects the plugin's transport.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for a graceful close.</param>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (_duplex is null) return;
        Task? connecting;
        lock (_gate) connecting = _connecting;
        if (connecting is not null)
        {
            try { await connecting.ConfigureAwait(false); }
            catch (Exception) { /* a failed connect leaves nothing to disconnect */ }
        }
        lock (_gate)
        {
            if (!_connected) return;
            _connected = false;
            _events = null;
        }
        _messageRpc?.FailAll(p => TransportFailures.DisconnectedByRunner(p.Method));
        await _duplex.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plugin reported a lost connection: calls fail until it reconnects.</summary>
    internal void HandleConnectionLost(Exception? reason)
    {
        IRunnerTransportEvents? events;
        lock (_gate)
        {
            events = _events;
            _connected = false;
        }
        Notices?.OnConnectionLost();
        _messageRpc?.FailAll(p => TransportFailures.ConnectionLost(Transport, p.Method, p.Arguments, reason));
        events?.OnDisconnected(reason);
    }

    /// <summary>The plugin reported that the connection is back.</summary>
    internal void HandleReconnected()
    {
        IRunnerTransportEvents? events;
        lock (_gate)
        {
            // After the runner disconnected on purpose there are no events to restore.
            if (_events is null) return;
        }
        // Before calls can go out on the new connection: their answers must not be read against the old one.
        Notices?.OnConnectionReplaced();
        lock (_gate)
        {
            events = _events;
            if (events is null) return;
            _connected = true;
        }
        events.OnReconnected();
    }

    private Task WaitUntilConnectedAsync(string what)
    {
        lock (_gate)
        {
            if (_connected) return Task.CompletedTask;
            if (_connecting is { } connecting) return connecting;
        }
        throw TransportFailures.NotConnected(Transport, what);
    }
}
