using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>
/// The runner's side of a duplex transport in these tests: records payloads and connection events, lets tests wait for
/// them, and notices if the transport ever calls it from two threads at once (the contract forbids that).
/// </summary>
internal sealed class RecordingHandler : ITransportMessageHandler
{
    private readonly object _gate = new();
    private readonly List<HotPayload> _messages = [];
    private readonly List<Exception?> _disconnections = [];
    private int _reconnections;
    private int _inside;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Sees every payload first; returns <c>true</c> to consume it (invoke responses).</summary>
    public Func<HotPayload, bool>? Intercept { get; set; }

    /// <summary>Called on every disconnection before it is recorded (fails pending calls).</summary>
    public Action<Exception?>? Disconnected { get; set; }

    /// <summary>Whether two calls ever overlapped.</summary>
    public bool OverlapSeen { get; private set; }

    public IReadOnlyList<HotPayload> Messages
    {
        get { lock (_gate) return _messages.ToList(); }
    }

    public IReadOnlyList<Exception?> Disconnections
    {
        get { lock (_gate) return _disconnections.ToList(); }
    }

    public int Reconnections
    {
        get { lock (_gate) return _reconnections; }
    }

    public void OnMessage(HotPayload payload)
    {
        Enter();
        try
        {
            if (Intercept?.Invoke(payload) == true) return;
            lock (_gate) _messages.Add(payload);
        }
        finally
        {
            Exit();
        }
    }

    public void OnDisconnected(Exception? reason)
    {
        Enter();
        try
        {
            Disconnected?.Invoke(reason);
            lock (_gate) _disconnections.Add(reason);
        }
        finally
        {
            Exit();
        }
    }

    public void OnReconnected()
    {
        Enter();
        try
        {
            lock (_gate) _reconnections++;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Waits for a payload of type <typeparamref name="T"/> that matches <paramref name="match"/>.</summary>
    public async Task<T> WaitForMessageAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null, string? what = null) where T : HotPayload
    {
        T? found = null;
        await WaitUntilAsync(() => (found = Messages.OfType<T>().FirstOrDefault(m => match?.Invoke(m) ?? true)) is not null,
            timeout ?? TimeSpan.FromSeconds(10), what ?? $"a {typeof(T).Name}");
        return found!;
    }

    /// <summary>Waits for the <paramref name="count"/>-th disconnection and returns its reason.</summary>
    public async Task<Exception?> WaitForDisconnectionAsync(int count = 1, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Disconnections.Count >= count, timeout ?? TimeSpan.FromSeconds(10), $"disconnection #{count}");
        return Disconnections[count - 1];
    }

    /// <summary>Waits for the <paramref name="count"/>-th reconnection.</summary>
    public Task WaitForReconnectionAsync(int count = 1, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Reconnections >= count, timeout ?? TimeSpan.FromSeconds(15), $"reconnection #{count}");

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking whenever something arrives and every 50 ms.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            if (condition()) return;
            try
            {
                // Woken by the handler, and every 50 ms for conditions on other state (such as log entries).
                await Task.WhenAny(changed, Task.Delay(50, deadline.Token));
                deadline.Token.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0.#} s for {what}. Received: [{string.Join(", ", Messages.Select(ProtocolJson.Serialize))}]; "
                    + $"disconnections: {Disconnections.Count}; reconnections: {Reconnections}.");
            }
        }
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _inside) > 1) OverlapSeen = true;
    }

    private void Exit()
    {
        Interlocked.Decrement(ref _inside);
        TaskCompletionSource signal;
        lock (_gate)
        {
            signal = _changed;
            _changed = NewSignal();
        }
        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
