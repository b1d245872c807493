using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>
/// What the runner uses of its HMR client (<see cref="HmrClient"/>). An interface so that the runner's own
/// tests can observe the wiring (which payloads reach HMR, which hot context each module gets) without the
/// real client.
/// </summary>
internal interface IHotUpdateClient
{
    /// <summary>Creates <c>import.meta.hot</c> for a new module instance, keyed by the module's URL.</summary>
    IHotContext CreateHotContext(string ownerPath);

    /// <summary>Queues a non-RPC payload.</summary>
    void Enqueue(HotPayload payload);

    /// <summary>
    /// Queues the check after a reconnect: a full reload of the entry points unless
    /// <paramref name="serverHasCurrentModules"/> says the server still has the runner's modules unchanged.
    /// </summary>
    /// <param name="serverHasCurrentModules">Given the entry points, answers whether nothing needs reloading.</param>
    /// <param name="serverGraphReplaced">The server said it replaced its module graph: reload whatever it answers.</param>
    void EnqueueReconnectCheck(Func<IReadOnlyList<string>, Task<bool>> serverHasCurrentModules, bool serverGraphReplaced);

    /// <summary>Completes when every payload queued so far has been handled.</summary>
    Task WhenIdleAsync();

    /// <summary>Forgets every module's hot state (Vite's <c>hmrClient.clear()</c>).</summary>
    void Clear();
}
