using Microsoft.Extensions.Logging;

namespace Runner.Extensible;

/// <summary>
/// Vite's debug timer: logs <c>[module runner] module &lt;id&gt; takes over 2s to load.</c> with the import chain
/// when an evaluation runs longer than two seconds. Only armed when debug logging is on.
/// </summary>
internal static class SlowModuleWarning
{
    /// <summary>How long a module may take before the message is logged.</summary>
    internal static readonly TimeSpan Threshold = TimeSpan.FromSeconds(2);

    /// <summary>Starts the timer; dispose the result when the evaluation settles.</summary>
    /// <param name="logger">The runner's logger.</param>
    /// <param name="runnerName">For the log.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="moduleId">The module being evaluated.</param>
    /// <param name="callstack">The importers that led here, outermost first.</param>
    public static ITimer? Start(ILogger logger, string runnerName, TimeProvider timeProvider, string moduleId, IReadOnlyList<string> callstack)
    {
        if (!logger.IsEnabled(LogLevel.Debug)) return null;
        var stack = string.Join("\n", callstack.Append(moduleId).Reverse().Select(id => $"  - {id}"));
        return timeProvider.CreateTimer(
            _ => RunnerLog.SlowModule(logger, runnerName, moduleId, stack),
            null, Threshold, Timeout.InfiniteTimeSpan);
    }
}
