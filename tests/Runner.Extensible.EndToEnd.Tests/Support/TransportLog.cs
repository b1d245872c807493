using Runner.Extensible.Protocol;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>Something that crossed the runner's transport, in the order the runner saw it.</summary>
internal abstract record TransportEvent;

/// <summary>A payload the server pushed to the runner.</summary>
internal sealed record PayloadReceived(HotPayload Payload) : TransportEvent
{
    public override string ToString() => "received " + ProtocolJson.Serialize(Payload);
}

/// <summary>A payload the runner sent (<c>import.meta.hot.send</c>, <c>vite:invalidate</c>, invoke requests).</summary>
internal sealed record PayloadSent(HotPayload Payload) : TransportEvent
{
    public override string ToString() => "sent " + ProtocolJson.Serialize(Payload);
}

/// <summary>The transport reported a lost connection.</summary>
internal sealed record ConnectionLost(Exception? Reason) : TransportEvent
{
    public override string ToString() => "connection lost: " + (Reason?.Message ?? "(no reason)");
}

/// <summary>The transport reported that the connection is back.</summary>
internal sealed record ConnectionBack : TransportEvent
{
    public override string ToString() => "connection back";
}

/// <summary>Everything that crossed one runner's transport (see <see cref="ObservedTransport"/>).</summary>
internal sealed class TransportLog(ChangeSignal changes)
{
    private readonly List<TransportEvent> _events = [];

    public IReadOnlyList<TransportEvent> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    /// <summary>How many events were recorded so far: a mark that later assertions can look back to.</summary>
    public int Count
    {
        get { lock (_events) return _events.Count; }
    }

    /// <summary>The payloads received among the first <paramref name="count"/> events (all when <c>null</c>).</summary>
    public IReadOnlyList<HotPayload> Received(int? count = null)
    {
        var events = Events;
        return events.Take(count ?? events.Count).OfType<PayloadReceived>().Select(e => e.Payload).ToList();
    }

    /// <summary>The received payloads of type <typeparamref name="T"/> among the first <paramref name="count"/> events.</summary>
    public IReadOnlyList<T> Received<T>(int? count = null) where T : HotPayload => Received(count).OfType<T>().ToList();

    /// <summary>The payloads received between two marks (<see cref="Count"/> values): events <paramref name="from"/> to <paramref name="to"/> - 1.</summary>
    public IReadOnlyList<HotPayload> ReceivedBetween(int from, int to) =>
        Events.Skip(from).Take(to - from).OfType<PayloadReceived>().Select(e => e.Payload).ToList();

    /// <summary>The custom events received with the name <paramref name="name"/>.</summary>
    public IReadOnlyList<CustomPayload> ReceivedCustom(string name) => Received<CustomPayload>().Where(p => p.Event == name).ToList();

    public void Add(TransportEvent transportEvent)
    {
        lock (_events) _events.Add(transportEvent);
        changes.Pulse();
    }

    /// <summary>Waits for a received payload of type <typeparamref name="T"/> that matches <paramref name="match"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, string what, TimeSpan? timeout = null) where T : HotPayload
    {
        T? found = null;
        await changes.WaitUntilAsync(() => (found = Received<T>().FirstOrDefault(match)) is not null, timeout ?? TimeSpan.FromSeconds(15), what, Describe);
        return found!;
    }

    /// <summary>Waits for the custom event <paramref name="name"/> from the server.</summary>
    public Task<CustomPayload> WaitForCustomAsync(string name, TimeSpan? timeout = null) =>
        WaitForAsync<CustomPayload>(p => p.Event == name, $"the custom event \"{name}\"", timeout);

    /// <summary>Waits until at least <paramref name="count"/> events of type <typeparamref name="T"/> were recorded.</summary>
    public async Task<T> WaitForEventAsync<T>(int count, string what, TimeSpan? timeout = null) where T : TransportEvent
    {
        await changes.WaitUntilAsync(() => Events.OfType<T>().Count() >= count, timeout ?? TimeSpan.FromSeconds(15), what, Describe);
        return Events.OfType<T>().ElementAt(count - 1);
    }

    public string Describe()
    {
        var events = Events;
        return $"The transport saw {events.Count} events:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", events.Select(e => Shorten(e.ToString())));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
