using Microsoft.Extensions.Logging;
using Runner.Extensible.Hmr;

namespace Runner.Extensible.Tests.Hmr;

/// <summary>The default HMR logger (through <see cref="ILogger"/>) and the silent one (vite-protocol.md §2.4).</summary>
public sealed class HmrLoggerTests
{
    [Fact]
    public void Messages_go_through_ILogger_with_the_vite_prefix_in_the_hmr_category()
    {
        var provider = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var logger = new DefaultHmrLogger(factory);
        var error = new InvalidOperationException("boom");

        logger.Debug("hot updated: /src/hmr/self.js");
        logger.Error("Failed to reload /src/a.js. This could be due to syntax errors or importing non-existent modules. (see errors above)", error);
        logger.Error("css hmr is not supported in runner mode.");

        provider.Entries.ShouldBe([
            ("Runner.Extensible.Hmr", LogLevel.Information, "[vite] hot updated: /src/hmr/self.js", null),
            ("Runner.Extensible.Hmr", LogLevel.Error, "[vite] Failed to reload /src/a.js. This could be due to syntax errors or importing non-existent modules. (see errors above)", error),
            ("Runner.Extensible.Hmr", LogLevel.Error, "[vite] css hmr is not supported in runner mode.", null),
        ]);
    }

    [Fact]
    public void A_runner_name_is_shown_like_vite_shows_an_environment()
    {
        var provider = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var logger = new DefaultHmrLogger(factory, "ssr");

        logger.Debug("connected.");
        logger.Error("Internal Server Error\nm\ns");

        provider.Entries.Select(e => e.Message).ShouldBe(["[vite] (ssr) connected.", "[vite] (ssr) Internal Server Error\nm\ns"]);
    }

    [Fact]
    public void Debug_messages_are_filtered_out_below_information()
    {
        var provider = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Warning));
        var logger = new DefaultHmrLogger(factory);

        logger.Debug("connected.");
        logger.Error("Internal Server Error\nm\ns");

        provider.Entries.Select(e => e.Level).ShouldBe([LogLevel.Error]);
    }

    [Fact]
    public void The_null_logger_drops_everything()
    {
        Should.NotThrow(() =>
        {
            NullHmrLogger.Instance.Debug("connected.");
            NullHmrLogger.Instance.Error("x", new InvalidOperationException());
        });
        NullHmrLogger.Instance.ShouldBeSameAs(NullHmrLogger.Instance);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly List<(string Category, LogLevel Level, string Message, Exception? Exception)> _entries = [];

        public IReadOnlyList<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries
        {
            get { lock (_entries) return _entries.ToArray(); }
        }

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class RecordingLogger(string category, RecordingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._entries) owner._entries.Add((category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
