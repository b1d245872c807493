using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport.Tests;

/// <summary>Stands for the runner: keeps what the transport reports.</summary>
internal sealed class RecordingHandler : ITransportMessageHandler
{
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events) return _events.ToArray();
        }
    }

    public void OnMessage(HotPayload payload) => Add("message " + ProtocolJson.Serialize(payload));

    public void OnDisconnected(Exception? reason) => Add("disconnected " + reason?.Message);

    public void OnReconnected() => Add("reconnected");

    private void Add(string entry)
    {
        lock (_events) _events.Add(entry);
    }
}
