using Runner.Extensible.V8.Engine;

namespace Runner.Extensible;

/// <summary>Settings of the V8 evaluator (<c>UseV8(o =&gt; …)</c>); bindable from configuration.</summary>
public sealed class V8EvaluatorOptions
{
    /// <summary>The V8 heap limit of the runner's engine, in megabytes (at least 16); <c>null</c> keeps V8's default for the machine.</summary>
    /// <remarks>Code that nears the limit is terminated (the import fails) instead of crashing the process.</remarks>
    public int? HeapLimitMegabytes { get; set; }

    /// <summary>
    /// How long JavaScript may run without yielding (one module body up to its next <c>await</c>, one timer
    /// callback) before it is terminated; <c>null</c> for no limit. The import fails with a
    /// <see cref="TimeoutException"/> and the runner keeps working.
    /// </summary>
    public TimeSpan? ExecutionTimeLimit { get; set; }

    /// <summary>
    /// Whether modules see Node's APIs (<c>process</c>, <c>require</c>, <c>Buffer</c>, …) as they do under Vite's
    /// default evaluator. When <c>false</c> they run in a bare context with web-platform globals only
    /// (<c>console</c>, timers, <c>URL</c>, <c>fetch</c>, …); externalized packages and <c>node:</c> builtins still
    /// load through Node. Default <c>true</c>.
    /// </summary>
    public bool ExposeNodeApis { get; set; } = true;

    /// <summary>
    /// Extra V8/Node flags such as <c>--stack-size=2000</c>. They are process-wide: the first V8 runner in the
    /// process fixes them, and a later runner asking for different ones fails to start.
    /// </summary>
    public IList<string> EngineFlags { get; } = new List<string>();

    /// <summary>Where <c>require</c> and relative paths resolve from; the process's current directory when <c>null</c>.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Throws when a setting is out of range; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        if (HeapLimitMegabytes is < 16)
            throw new InvalidOperationException($"V8EvaluatorOptions.HeapLimitMegabytes is {HeapLimitMegabytes}; use at least 16, or null for V8's default.");
        if (ExecutionTimeLimit is { } limit && limit <= TimeSpan.Zero)
            throw new InvalidOperationException($"V8EvaluatorOptions.ExecutionTimeLimit is {limit}; use a positive duration, or null for no limit.");
        if (EngineFlags.FirstOrDefault(f => !f.StartsWith('-')) is { } flag)
            throw new InvalidOperationException($"V8EvaluatorOptions.EngineFlags contains '{flag}'; engine flags start with '--', such as --stack-size=2000.");
    }

    internal NodeEnvironmentOptions ToEnvironmentOptions(string runnerName) => new()
    {
        HeapLimitBytes = HeapLimitMegabytes is { } mb ? mb * 1024L * 1024L : null,
        ExecutionTimeLimit = ExecutionTimeLimit,
        ExposeNodeApis = ExposeNodeApis,
        EngineFlags = EngineFlags.ToList(),
        WorkingDirectory = WorkingDirectory,
        Name = string.IsNullOrEmpty(runnerName) ? "v8" : $"v8:{runnerName}",
    };
}
