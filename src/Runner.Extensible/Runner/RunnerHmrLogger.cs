using Microsoft.Extensions.Logging;
using Runner.Extensible.Hmr;

namespace Runner.Extensible;

/// <summary>
/// The HMR logger a runner uses when none is configured: Vite's default prints both levels with a
/// <c>[vite]</c> prefix, so informational messages (<c>connected.</c>, <c>hot updated: …</c>) are logged at
/// <see cref="LogLevel.Information"/>, errors at <see cref="LogLevel.Error"/>.
/// </summary>
internal sealed partial class RunnerHmrLogger(ILogger logger, string runnerName) : IHmrLogger
{
    /// <summary>The logger category.</summary>
    internal const string Category = "Runner.Extensible.Hmr";

    /// <inheritdoc />
    public void Debug(string message) => LogDebug(logger, runnerName, message);

    /// <inheritdoc />
    public void Error(string message, Exception? exception = null) => LogError(logger, runnerName, message, exception);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "[vite] ({Runner}) {HmrMessage}")]
    private static partial void LogDebug(ILogger logger, string runner, string hmrMessage);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "[vite] ({Runner}) {HmrMessage}")]
    private static partial void LogError(ILogger logger, string runner, string hmrMessage, Exception? exception);
}
