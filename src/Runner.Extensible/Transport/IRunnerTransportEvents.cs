using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>What the normalized transport reports to its runner, after taking out RPC responses.</summary>
internal interface IRunnerTransportEvents
{
    /// <summary>A server payload that is not an RPC response (HMR payloads, custom events, unknown types).</summary>
    void OnPayload(HotPayload payload);

    /// <summary>The connection was lost; pending calls have already failed.</summary>
    void OnDisconnected(Exception? reason);

    /// <summary>The connection is back.</summary>
    void OnReconnected();
}
