using Runner.Extensible.Protocol;

namespace Runner.Extensible.Hmr;

/// <summary>
/// The runner's HMR client (Vite's <c>HMRClient</c> plus <c>createHMRHandlerForRunner</c>). (Being implemented:
/// this placeholder fixes the surface the runner uses.)
/// </summary>
internal sealed class HmrClient
{
    /// <summary>Creates the client for a runner.</summary>
    public HmrClient(IHmrRunnerHost host, IHmrLogger logger)
    {
        Host = host;
        Logger = logger;
    }

    internal IHmrRunnerHost Host { get; }

    internal IHmrLogger Logger { get; }

    /// <summary>Creates the <c>import.meta.hot</c> of a new module instance, keyed by the module's URL.</summary>
    public IHotContext CreateHotContext(string ownerPath) => throw new NotImplementedException();

    /// <summary>Queues a non-RPC payload; payloads are handled one at a time, in arrival order.</summary>
    public void Enqueue(HotPayload payload) => throw new NotImplementedException();

    /// <summary>Completes when every payload queued so far has been handled.</summary>
    public Task WhenIdleAsync() => throw new NotImplementedException();
}
