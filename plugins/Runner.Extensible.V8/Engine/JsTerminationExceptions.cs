using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>Raised inside the engine while a termination unwinds the JavaScript stack.</summary>
internal sealed class JsTerminatedException(TerminationReason reason)
    : Exception($"JavaScript execution was terminated ({reason}).")
{
    public TerminationReason Reason { get; } = reason;
}

/// <summary>JavaScript ran longer than the environment's execution time limit and was stopped; the environment stays usable.</summary>
internal sealed class JsTimeoutException(TimeSpan limit)
    : TimeoutException($"JavaScript execution exceeded the time limit of {limit.TotalMilliseconds:0.###} ms and was terminated; the environment remains usable.")
{
    public TimeSpan Limit { get; } = limit;
}

/// <summary>JavaScript came close to the environment's heap limit and was stopped instead of crashing the process.</summary>
internal sealed class JsHeapLimitException(long? limitBytes)
    : Exception(limitBytes is { } l
        ? $"JavaScript execution was terminated near the heap limit of {l / (1024 * 1024)} MB."
        : "JavaScript execution was terminated near V8's heap limit.")
{
    public long? LimitBytes { get; } = limitBytes;
}

/// <summary>JavaScript called <c>process.exit()</c>. Only the running code was stopped; the environment and the host carry on.</summary>
internal sealed class JsProcessExitException(int exitCode)
    : Exception($"JavaScript called process.exit({exitCode}); the running code was stopped, the host and the environment carry on.")
{
    public int ExitCode { get; } = exitCode;
}
