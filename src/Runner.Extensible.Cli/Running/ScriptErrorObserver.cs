using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Runner.Extensible.Cli.Running;

/// <summary>
/// Hears about errors that happen in module code after its import finished (an uncaught exception in a timer, an
/// unhandled rejection, <c>process.exit()</c> from a callback). The V8 evaluator reports those only through its
/// logger (category <see cref="EvaluatorCategoryPrefix"/>), so this is a logger provider that passes them on.
/// </summary>
internal sealed class ScriptErrorObserver : ILoggerProvider
{
    /// <summary>The logger category of the V8 plugin.</summary>
    public const string EvaluatorCategoryPrefix = "Runner.Extensible.V8";

    /// <summary>Raised (on the engine's thread) with the error of each report.</summary>
    public event Action<Exception>? ErrorReported;

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(EvaluatorCategoryPrefix, StringComparison.Ordinal) ? new Listener(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Listener(ScriptErrorObserver owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null) owner.ErrorReported?.Invoke(exception);
        }
    }
}
