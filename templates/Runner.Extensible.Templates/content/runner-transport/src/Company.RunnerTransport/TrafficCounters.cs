namespace Company.RunnerTransport;

/// <summary>What went through one transport, counted from any thread.</summary>
internal sealed class TrafficCounters
{
    private long _sent;
    private long _received;
    private long _calls;
    private long _failedCalls;

    /// <summary>Payloads the runner sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Payloads the server pushed.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Calls made through the transport's own invoke (not those carried over messages).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Of <see cref="Calls"/>, those that threw or that the server answered with an error.</summary>
    public long FailedCalls => Interlocked.Read(ref _failedCalls);

    internal void CountSent() => Interlocked.Increment(ref _sent);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountCall(bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed) Interlocked.Increment(ref _failedCalls);
    }
}
