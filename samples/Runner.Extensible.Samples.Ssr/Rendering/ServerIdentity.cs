namespace Runner.Extensible.Samples.Ssr.Rendering;

/// <summary>Who rendered a page: this process, since when, and how many pages so far (the end-to-end test checks that hot reload keeps them).</summary>
public sealed class ServerIdentity
{
    private int _renderCount;

    /// <summary>This process's id.</summary>
    public int ProcessId { get; } = Environment.ProcessId;

    /// <summary>Picked when the process started; a restart would change it.</summary>
    public string StartToken { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Counts a render and returns its number.</summary>
    public int NextRender() => Interlocked.Increment(ref _renderCount);
}
