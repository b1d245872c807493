using Runner.Extensible.Protocol;

namespace Runner.Extensible.Hmr;

/// <summary>
/// The runner's HMR client (Vite's <c>HMRClient</c> plus <c>createHMRHandlerForRunner</c>): holds the hot
/// state of every module, creates each instance's <c>import.meta.hot</c>, and handles the server's payloads
/// one at a time, in arrival order.
/// </summary>
/// <remarks>
/// Wiring: the runner implements <see cref="IHmrRunnerHost"/>, creates one client when HMR is on, routes
/// every non-RPC payload to <see cref="Enqueue"/>, sets <c>import.meta.hot</c> to
/// <see cref="CreateHotContext"/>(<c>node.Url</c>) for each module instance, and calls <see cref="Clear"/>
/// from <c>ClearCache</c>/<c>CloseAsync</c> as Vite's <c>clearCache</c> does.
/// </remarks>
internal sealed class HmrClient
{
    private readonly HmrPayloadQueue _queue;
    private readonly ReconnectReload _reconnectReload;
    private string? _currentFirstInvalidatedBy;

    /// <summary>Creates the client for a runner.</summary>
    public HmrClient(IHmrRunnerHost host, IHmrLogger logger)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(logger);
        Host = host;
        Logger = logger;
        Registry = new HmrRegistry();
        Events = new HmrEventNotifier(Registry, logger);
        var handler = new HmrPayloadHandler(this);
        _reconnectReload = new ReconnectReload(this, handler);
        _queue = new HmrPayloadQueue(handler.HandleAsync, logger);
    }

    internal IHmrRunnerHost Host { get; }

    internal IHmrLogger Logger { get; }

    internal HmrRegistry Registry { get; }

    internal HmrEventNotifier Events { get; }

    /// <summary>
    /// Vite's <c>currentFirstInvalidatedBy</c>: the <c>firstInvalidatedBy</c> of the update whose accept
    /// callbacks are running, read by <c>hot.invalidate()</c> on the engine thread.
    /// </summary>
    internal string? CurrentFirstInvalidatedBy
    {
        get => Volatile.Read(ref _currentFirstInvalidatedBy);
        set => Volatile.Write(ref _currentFirstInvalidatedBy, value);
    }

    /// <summary>Creates the <c>import.meta.hot</c> of a new module instance, keyed by the module's URL.</summary>
    public IHotContext CreateHotContext(string ownerPath)
    {
        ArgumentNullException.ThrowIfNull(ownerPath);
        return new HotContext(this, ownerPath);
    }

    /// <summary>Queues a non-RPC payload; payloads are handled one at a time, in arrival order.</summary>
    public void Enqueue(HotPayload payload) => _queue.Enqueue(payload);

    /// <summary>
    /// Queues the check after a reconnect (behind the payloads already queued): asks
    /// <paramref name="serverHasCurrentModules"/> whether the server still has the runner's modules unchanged, and
    /// runs a full reload of every entry point when it does not (see <see cref="ReconnectReload"/>).
    /// </summary>
    /// <param name="serverHasCurrentModules">Given the entry points, answers whether nothing needs reloading.</param>
    /// <param name="serverGraphReplaced">The server said it replaced its module graph: a reload is owed from now on.</param>
    public void EnqueueReconnectCheck(Func<IReadOnlyList<string>, Task<bool>> serverHasCurrentModules, bool serverGraphReplaced)
    {
        ArgumentNullException.ThrowIfNull(serverHasCurrentModules);
        if (serverGraphReplaced) _reconnectReload.OweReload();
        _queue.Enqueue(() => _reconnectReload.CheckAsync(serverHasCurrentModules), HmrMessages.ReconnectCheckFailed);
    }

    /// <summary>Completes when every payload queued so far has been handled.</summary>
    public Task WhenIdleAsync() => _queue.WhenIdleAsync();

    /// <summary>
    /// Forgets every module's hot state: accept, dispose and prune callbacks, data and listeners (Vite's
    /// <c>hmrClient.clear()</c>, called by the runner's <c>clearCache</c> and <c>close</c>).
    /// </summary>
    public void Clear() => Registry.Clear();

    /// <summary>
    /// Vite's <c>hmrClient.send</c>: hands the payload to the transport without waiting; a failure, synchronous
    /// or not, goes to the logger and never reaches script code.
    /// </summary>
    internal void Send(HotPayload payload)
    {
        ValueTask sending;
        try
        {
            sending = Host.SendAsync(payload, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Logger.Error(ScriptErrors.MessageOf(ex), ex);
            return;
        }
        if (sending.IsCompletedSuccessfully)
        {
            sending.GetAwaiter().GetResult(); // releases a pooled ValueTask source
            return;
        }
        _ = ObserveAsync(sending);
    }

    private async Task ObserveAsync(ValueTask sending)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Logger.Error(ScriptErrors.MessageOf(ex), ex);
        }
    }
}
