namespace Company.RunnerPlugin;

/// <summary>Settings of <c>AddInvokeMetrics(o =&gt; …)</c>, named after the runner; bindable from configuration.</summary>
public sealed class InvokeMetricsOptions
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the durations are recorded on (what a metrics exporter subscribes to).</summary>
    public string MeterName { get; set; } = InvokeMetricsStep.DefaultMeterName;

    /// <summary>Calls that take at least this long are logged as warnings; <c>null</c> logs none. Default 2 seconds.</summary>
    public TimeSpan? SlowCallThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What is wrong with these settings, each with its fix; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(MeterName))
            problems.Add($"InvokeMetricsOptions.MeterName is empty; name the meter your exporter listens to, such as {InvokeMetricsStep.DefaultMeterName}.");
        if (SlowCallThreshold is { } slow && slow <= TimeSpan.Zero)
            problems.Add($"InvokeMetricsOptions.SlowCallThreshold is {slow}; use a positive duration, or null to log no slow calls.");
        return problems;
    }

    /// <summary>Throws when a setting is invalid; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
    }
}
