using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Transports;

/// <summary>Logs every server call: what was called (with the url for <c>fetchModule</c>), how long it took, and failures.</summary>
internal sealed partial class InvokeLoggingStep(ILogger logger, TimeProvider timeProvider) : IInvokeStep
{
    /// <summary>The logger category.</summary>
    internal const string Category = "Runner.Extensible.Invoke";

    /// <inheritdoc />
    public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        var call = InvokeDescription.Describe(context.Method, context.Arguments);
        LogStarted(logger, context.RunnerName, call);
        var started = timeProvider.GetTimestamp();
        try
        {
            var result = await next(context).ConfigureAwait(false);
            LogCompleted(logger, context.RunnerName, call, timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception ex)
        {
            LogFailed(logger, context.RunnerName, call, timeProvider.GetElapsedTime(started).TotalMilliseconds, ex.Message, ex);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "[{Runner}] invoke {Call}")]
    private static partial void LogStarted(ILogger logger, string runner, string call);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "[{Runner}] invoke {Call} completed in {ElapsedMs:0.0} ms")]
    private static partial void LogCompleted(ILogger logger, string runner, string call, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "[{Runner}] invoke {Call} failed after {ElapsedMs:0.0} ms: {Reason}")]
    private static partial void LogFailed(ILogger logger, string runner, string call, double elapsedMs, string reason, Exception exception);
}
