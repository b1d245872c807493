using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>Log messages of the stdio transport.</summary>
internal static partial class StdioTransportLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Started the Vite stdio host (node pid {Pid}) for {Root}")]
    public static partial void Started(ILogger logger, int pid, string root);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "The Vite stdio host (pid {Pid}) is ready")]
    public static partial void Ready(ILogger logger, int pid);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "vite: {Line}")]
    public static partial void Stderr(ILogger logger, string line);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The Vite stdio host (pid {Pid}) exited unexpectedly: {Reason}")]
    public static partial void ExitedUnexpectedly(ILogger logger, int pid, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped a malformed line from the Vite stdio host: {Error} (line starts with: {Preview})")]
    public static partial void DroppedMalformed(ILogger logger, string error, string preview);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Dropped a line of {Bytes} bytes from the Vite stdio host: larger than MaxInboundMessageBytes ({Limit})")]
    public static partial void DroppedOversized(ILogger logger, long bytes, int limit);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The runner's message handler threw while handling {What}; the connection stays up")]
    public static partial void HandlerThrew(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The Vite stdio host (pid {Pid}) did not exit within {Timeout} after its stdin closed; killing its process tree")]
    public static partial void Killing(ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "The Vite stdio host (pid {Pid}) stopped")]
    public static partial void Stopped(ILogger logger, int pid);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Restarting the Vite stdio host in {Delay} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void Restarting(ILogger logger, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Restart attempt {Attempt} of {MaxAttempts} of the Vite stdio host failed: {Reason}")]
    public static partial void RestartFailed(ILogger logger, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Restarted the Vite stdio host (node pid {Pid}) after {Attempts} attempt(s)")]
    public static partial void Restarted(ILogger logger, int pid, int attempts);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Gave up restarting the Vite stdio host after {Attempts} attempt(s): {Reason}")]
    public static partial void RestartGaveUp(ILogger logger, int attempts, string reason);
}
