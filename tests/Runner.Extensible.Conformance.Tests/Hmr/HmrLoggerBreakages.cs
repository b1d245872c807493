using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Tests.Breakages;
using Runner.Extensible.Hmr;

namespace Runner.Extensible.Conformance.Tests.Hmr;

/// <summary>Broken HMR loggers, one or more per HMRL guarantee. Each writes to a list the fixture reads back.</summary>
public static class HmrLoggerBreakages
{
    public static IEnumerable<Breakage> All =>
    [
        new("HMRL-001", "formats the message as a format string", Suite(new Broken((records, isError, message, exception) =>
            records.Add(new HmrLogRecord(isError, string.Format(CultureInfo.InvariantCulture, message), exception))))),
        new("HMRL-002", "keeps only the first line", Suite(new Broken((records, isError, message, exception) =>
            records.Add(new HmrLogRecord(isError, message.Split('\n')[0], exception))))),
        new("HMRL-003", "writes errors as debug messages", Suite(new Broken((records, _, message, exception) =>
            records.Add(new HmrLogRecord(false, message, exception))))),
        new("HMRL-004", "drops the exception", Suite(new Broken((records, isError, message, _) =>
            records.Add(new HmrLogRecord(isError, message))))),
        new("HMRL-005", "not safe for concurrent calls", Suite(new NotThreadSafe())),
        new("HMRL-006", "configures the default runner instead of the builder's", () =>
            new BrokenHmrLoggerSuite(new BrokenHmrLoggerFixture(new Broken((r, e, m, x) => r.Add(new HmrLogRecord(e, m, x))), builder =>
                builder.Services.Configure<ModuleRunnerOptions>(Microsoft.Extensions.Options.Options.DefaultName, o => o.HmrLogger = _ => NullHmrLogger.Instance)))),
    ];

    private static Func<object> Suite(RecordingLogger logger) =>
        () => new BrokenHmrLoggerSuite(new BrokenHmrLoggerFixture(logger, builder => builder.UseHmrLogger(_ => logger)));

    /// <summary>A logger whose sink the fixture reads back.</summary>
    public abstract class RecordingLogger : IHmrLogger
    {
        protected List<HmrLogRecord> Sink { get; } = [];

        public IReadOnlyList<HmrLogRecord> Records
        {
            get { lock (Sink) return Sink.ToArray(); }
        }

        public abstract void Debug(string message);

        public abstract void Error(string message, Exception? exception = null);
    }

    private sealed class Broken(Action<List<HmrLogRecord>, bool, string, Exception?> write) : RecordingLogger
    {
        public override void Debug(string message)
        {
            lock (Sink) write(Sink, false, message, null);
        }

        public override void Error(string message, Exception? exception = null)
        {
            lock (Sink) write(Sink, true, message, exception);
        }
    }

    /// <summary>Like a writer used from two threads at once: an overlapping call fails.</summary>
    private sealed class NotThreadSafe : RecordingLogger
    {
        private int _busy;

        public override void Debug(string message) => Write(false, message, null);

        public override void Error(string message, Exception? exception = null) => Write(true, message, exception);

        private void Write(bool isError, string message, Exception? exception)
        {
            if (Interlocked.Exchange(ref _busy, 1) == 1) throw new InvalidOperationException("The writer is currently in use by a previous operation.");
            Thread.Sleep(1);
            lock (Sink) Sink.Add(new HmrLogRecord(isError, message, exception));
            Volatile.Write(ref _busy, 0);
        }
    }
}

internal sealed class BrokenHmrLoggerFixture(HmrLoggerBreakages.RecordingLogger logger, Action<IModuleRunnerBuilder> configure) : HmrLoggerConformanceFixture
{
    public override string PluginName => "broken HMR logger";

    public override IReadOnlyList<HmrLogRecord> ReadBackOutput(IServiceProvider services) => logger.Records;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => configure(builder);
}

internal sealed class BrokenHmrLoggerSuite(BrokenHmrLoggerFixture fixture) : HmrLoggerConformanceTests<BrokenHmrLoggerFixture>(fixture);
