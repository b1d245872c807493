using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>Presents the core's <see cref="HmrClient"/> as the runner's <see cref="IHotUpdateClient"/>.</summary>
internal sealed class HmrClientAdapter(HmrClient client) : IHotUpdateClient
{
    /// <inheritdoc />
    public IHotContext CreateHotContext(string ownerPath) => client.CreateHotContext(ownerPath);

    /// <inheritdoc />
    public void Enqueue(HotPayload payload) => client.Enqueue(payload);

    /// <inheritdoc />
    public void EnqueueReconnectCheck(Func<IReadOnlyList<string>, Task<bool>> serverHasCurrentModules, bool serverGraphReplaced) =>
        client.EnqueueReconnectCheck(serverHasCurrentModules, serverGraphReplaced);

    /// <inheritdoc />
    public Task WhenIdleAsync() => client.WhenIdleAsync();

    /// <inheritdoc />
    public void Clear() => client.Clear();
}
