namespace Runner.Extensible.V8.Engine;

/// <summary>How one JavaScript environment is set up.</summary>
internal sealed class NodeEnvironmentOptions
{
    /// <summary>V8 heap limit for this environment; null keeps V8's default for the machine.</summary>
    public long? HeapLimitBytes { get; init; }

    /// <summary>
    /// Longest uninterrupted stretch of JavaScript (one posted work item, or one pass of timers and
    /// promise reactions) before it is terminated; null for no limit.
    /// </summary>
    public TimeSpan? ExecutionTimeLimit { get; init; }

    /// <summary>
    /// When true, evaluated code runs in Node's own context and sees <c>require</c>, <c>process</c>
    /// and the rest of Node; when false it runs in a separate bare context with web globals only.
    /// </summary>
    public bool ExposeNodeApis { get; init; } = true;

    /// <summary>Extra V8/Node flags. They are process-wide: the first environment fixes them.</summary>
    public IReadOnlyList<string> EngineFlags { get; init; } = [];

    /// <summary>Folder <c>require</c> resolves from; the current directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Name of the environment's thread (for diagnostics).</summary>
    public string Name { get; init; } = "js";

    internal void Validate()
    {
        if (HeapLimitBytes is < 16 * 1024 * 1024)
            throw new ArgumentOutOfRangeException(nameof(HeapLimitBytes), HeapLimitBytes, "The heap limit must be at least 16 MB.");
        if (ExecutionTimeLimit is { } limit && limit <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ExecutionTimeLimit), limit, "The execution time limit must be positive.");
    }
}
