using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Hmr;

/// <summary>
/// The default HMR logger: writes the HMR client's messages through <see cref="ILogger"/> (category
/// <c>Runner.Extensible.Hmr</c>) with Vite's <c>[vite]</c> prefix. Informational messages (<c>connected.</c>,
/// <c>hot updated: …</c>) are logged at <see cref="LogLevel.Information"/>, as Vite prints them by default.
/// </summary>
public sealed partial class DefaultHmrLogger : IHmrLogger
{
    /// <summary>The logger category.</summary>
    public const string Category = "Runner.Extensible.Hmr";

    private readonly ILogger _logger;
    private readonly string? _runnerName;

    /// <summary>Creates the logger.</summary>
    /// <param name="loggerFactory">Where to log.</param>
    /// <param name="runnerName">The runner's name, shown as <c>[vite] (name) …</c> like Vite shows an environment; <c>null</c> or empty to omit it.</param>
    public DefaultHmrLogger(ILoggerFactory loggerFactory, string? runnerName = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger(Category);
        _runnerName = string.IsNullOrEmpty(runnerName) ? null : runnerName;
    }

    /// <inheritdoc />
    public void Debug(string message)
    {
        if (_runnerName is null) LogInformation(_logger, message);
        else LogInformationForRunner(_logger, _runnerName, message);
    }

    /// <inheritdoc />
    public void Error(string message, Exception? exception = null)
    {
        if (_runnerName is null) LogError(_logger, message, exception);
        else LogErrorForRunner(_logger, _runnerName, message, exception);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "[vite] {HmrMessage}")]
    private static partial void LogInformation(ILogger logger, string hmrMessage);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "[vite] ({Runner}) {HmrMessage}")]
    private static partial void LogInformationForRunner(ILogger logger, string runner, string hmrMessage);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "[vite] {HmrMessage}")]
    private static partial void LogError(ILogger logger, string hmrMessage, Exception? exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "[vite] ({Runner}) {HmrMessage}")]
    private static partial void LogErrorForRunner(ILogger logger, string runner, string hmrMessage, Exception? exception);
}
