using Microsoft.Extensions.Logging;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>One captured log entry.</summary>
internal sealed record CapturedLog(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);

/// <summary>Keeps every log entry of a runner's container and wakes waiting tests when one arrives.</summary>
internal sealed class LogCapture(ChangeSignal changes) : ILoggerProvider
{
    private readonly ChangeSignal _changes = changes;

    private readonly List<CapturedLog> _entries = [];

    public IReadOnlyList<CapturedLog> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits for an entry whose message contains <paramref name="text"/>.</summary>
    public async Task<CapturedLog> WaitForAsync(string text, TimeSpan? timeout = null)
    {
        CapturedLog? found = null;
        await _changes.WaitUntilAsync(
            () => (found = Entries.FirstOrDefault(e => e.Message.Contains(text, StringComparison.Ordinal))) is not null,
            timeout ?? TimeSpan.FromSeconds(15), $"a log entry containing \"{text}\"", Describe);
        return found!;
    }

    public string Describe() =>
        "Logged:" + Environment.NewLine + string.Join(Environment.NewLine, Entries.Select(e => $"  {e.Level} {e.Category}: {e.Message}"));

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            lock (owner._entries) owner._entries.Add(new CapturedLog(logLevel, category, formatter(state, exception), values, exception));
            owner._changes.Pulse();
        }
    }
}
