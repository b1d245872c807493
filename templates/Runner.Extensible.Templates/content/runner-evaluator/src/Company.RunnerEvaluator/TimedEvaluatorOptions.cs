namespace Company.RunnerEvaluator;

/// <summary>Settings of <c>UseTimedEvaluator(o =&gt; …)</c>, named after the runner; bindable from configuration.</summary>
public sealed class TimedEvaluatorOptions
{
    /// <summary>
    /// A module whose evaluation takes at least this long is logged as a warning (every evaluation is logged at
    /// <c>Debug</c>); <c>null</c> warns about none. Default 500 ms.
    /// </summary>
    /// <remarks>A module's time includes the modules it imports while it runs.</remarks>
    public TimeSpan? WarnAfter { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest a module's evaluation may take; the import then fails with a <see cref="TimeoutException"/> naming
    /// the module. <c>null</c> (the default) sets no limit.
    /// </summary>
    /// <remarks>
    /// The decorated evaluator is not interrupted (the contract has no way to): the caller stops waiting, and an
    /// engine that can stop runaway code, such as V8 with <c>ExecutionTimeLimit</c>, should be configured to as well.
    /// </remarks>
    public TimeSpan? MaxDuration { get; set; }

    /// <summary>What is wrong with these settings, each with its fix; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (WarnAfter is { } warn && warn <= TimeSpan.Zero)
            problems.Add($"TimedEvaluatorOptions.WarnAfter is {warn}; use a positive duration, or null to warn about no module.");
        if (MaxDuration is { } max && max <= TimeSpan.Zero)
            problems.Add($"TimedEvaluatorOptions.MaxDuration is {max}; use a positive duration, or null for no limit.");
        return problems;
    }

    /// <summary>Throws when a setting is invalid; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
    }
}
