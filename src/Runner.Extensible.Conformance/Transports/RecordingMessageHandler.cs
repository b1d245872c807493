using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The handler the transport suite connects duplex transports with: it records every payload and connection
/// event in order, notices calls that overlap (the contract says they never do), and answers message RPC.
/// </summary>
internal sealed class RecordingMessageHandler : ITransportMessageHandler
{
    private readonly object _gate = new();
    private readonly List<HotPayload> _payloads = [];
    private readonly Dictionary<string, TaskCompletionSource<InvokeResult>> _responses = new(StringComparer.Ordinal);
    private int _inside;
    private int _overlaps;
    private int _disconnections;
    private int _reconnections;

    /// <summary>Every payload received, in order (responses to <see cref="InvokeAsync"/> included).</summary>
    public IReadOnlyList<HotPayload> Payloads
    {
        get { lock (_gate) return _payloads.ToArray(); }
    }

    /// <summary>How often a call started while another was still running.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public int Disconnections => Volatile.Read(ref _disconnections);

    public int Reconnections => Volatile.Read(ref _reconnections);

    public void OnMessage(HotPayload payload)
    {
        Enter();
        try
        {
            // Slow enough that a transport delivering on several threads at once is seen doing it.
            Thread.SpinWait(2000);
            TaskCompletionSource<InvokeResult>? waiting = null;
            if (ProtocolJson.TryReadInvoke(payload, out _, out var id, out var data) && id.StartsWith("response:", StringComparison.Ordinal))
            {
                lock (_gate) _responses.Remove("send" + id["response".Length..], out waiting);
                waiting?.TrySetResult(ProtocolJson.ReadInvokeResult(data));
            }
            lock (_gate) _payloads.Add(payload);
        }
        finally
        {
            Leave();
        }
    }

    public void OnDisconnected(Exception? reason)
    {
        Enter();
        Interlocked.Increment(ref _disconnections);
        Leave();
    }

    public void OnReconnected()
    {
        Enter();
        Interlocked.Increment(ref _reconnections);
        Leave();
    }

    /// <summary>Calls a server method over messages (Vite's <c>send:</c>/<c>response:</c> scheme).</summary>
    public async Task<InvokeResult> InvokeAsync(IDuplexTransport transport, string method, JsonElement arguments, CancellationToken cancellationToken)
    {
        var id = "send:conformance" + Guid.NewGuid().ToString("N")[..12];
        var response = new TaskCompletionSource<InvokeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _responses[id] = response;
        await transport.SendAsync(new InvokeRequest(method, id, arguments).ToPayload(), cancellationToken).ConfigureAwait(false);
        return await response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until a received payload matches.</summary>
    public async Task<HotPayload> WaitForAsync(Func<HotPayload, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Payloads.FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; received: {string.Join(", ", Payloads.Select(ProtocolJson.Serialize).Take(10))}.");
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _inside) > 1) Interlocked.Increment(ref _overlaps);
    }

    private void Leave() => Interlocked.Decrement(ref _inside);
}
