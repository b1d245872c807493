using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Hmr;

namespace Runner.Extensible.Conformance.Tests.Hmr;

/// <summary>The core's default logger (through ILogger), read back from the kit's capturing logger factory.</summary>
public sealed class DefaultHmrLoggerFixture : HmrLoggerConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) =>
        builder.UseHmrLogger(services => new DefaultHmrLogger(services.GetRequiredService<ILoggerFactory>(), builder.Name));
}

public sealed class DefaultHmrLoggerConformance(DefaultHmrLoggerFixture fixture) : HmrLoggerConformanceTests<DefaultHmrLoggerFixture>(fixture);

/// <summary>The core's silent logger: nothing can be read back, so the tests that need it skip with the reason.</summary>
public sealed class NullHmrLoggerFixture : HmrLoggerConformanceFixture
{
    public override bool CanReadBackOutput => false;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseHmrLogger(_ => NullHmrLogger.Instance);
}

public sealed class NullHmrLoggerConformance(NullHmrLoggerFixture fixture) : HmrLoggerConformanceTests<NullHmrLoggerFixture>(fixture);

/// <summary>A logger with its own sink (a list), read back through <see cref="HmrLoggerConformanceFixture.ReadBackOutput"/>.</summary>
public sealed class ListHmrLoggerFixture : HmrLoggerConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder)
    {
        builder.Services.AddSingleton<ListHmrLogger>();
        builder.UseHmrLogger(services => services.GetRequiredService<ListHmrLogger>());
    }

    public override IReadOnlyList<HmrLogRecord> ReadBackOutput(IServiceProvider services) => services.GetRequiredService<ListHmrLogger>().Records;
}

public sealed class ListHmrLoggerConformance(ListHmrLoggerFixture fixture) : HmrLoggerConformanceTests<ListHmrLoggerFixture>(fixture);

/// <summary>Writes to a list under a lock.</summary>
public sealed class ListHmrLogger : IHmrLogger
{
    private readonly List<HmrLogRecord> _records = [];

    public IReadOnlyList<HmrLogRecord> Records
    {
        get { lock (_records) return _records.ToArray(); }
    }

    public void Debug(string message)
    {
        lock (_records) _records.Add(new HmrLogRecord(false, "[vite] " + message));
    }

    public void Error(string message, Exception? exception = null)
    {
        lock (_records) _records.Add(new HmrLogRecord(true, "[vite] " + message, exception));
    }
}
