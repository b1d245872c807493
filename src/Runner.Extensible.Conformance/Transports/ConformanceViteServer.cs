using Runner.Extensible.Protocol;

namespace Runner.Extensible.Conformance;

/// <summary>
/// A Vite server the transport suite runs against, and what the suite makes it do. The kit's default is a real
/// Vite 8 with the project's plugin, started by Node (<see cref="TransportConformanceFixture.StartServerAsync"/>);
/// the kit's self-tests substitute an in-process one.
/// </summary>
public abstract class ConformanceViteServer : IAsyncDisposable
{
    /// <summary>How to reach the server.</summary>
    public abstract ViteServerConnection Connection { get; }

    /// <summary>Sends a payload to every connected runner (the environment's <c>hot.send</c>).</summary>
    public abstract Task BroadcastAsync(HotPayload payload);

    /// <summary>Sends payloads to every connected runner in one burst, in order.</summary>
    public virtual async Task BroadcastAsync(IReadOnlyList<HotPayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        foreach (var payload in payloads) await BroadcastAsync(payload).ConfigureAwait(false);
    }

    /// <summary>Edits a file of the served project and announces the change as Vite's watcher does.</summary>
    /// <param name="relativeFile">The file, relative to the root (for example <c>src/math.ts</c>).</param>
    /// <param name="search">Text the file contains.</param>
    /// <param name="replacement">What replaces it.</param>
    public abstract Task EditAsync(string relativeFile, string search, string replacement);

    /// <summary>How many runner connections the server has open.</summary>
    public abstract Task<int> CountConnectionsAsync();

    /// <summary>Stops the server abruptly, as a crash would (no goodbye to its connections).</summary>
    public abstract Task KillAsync();

    /// <summary>Starts the server again, on the same port and project, after <see cref="KillAsync"/>.</summary>
    public abstract Task RestartAsync();

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
