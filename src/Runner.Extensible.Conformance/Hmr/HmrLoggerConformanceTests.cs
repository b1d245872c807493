using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The conformance suite of <see cref="IHmrLogger"/> (guarantees <c>HMRL-*</c> of the kit's GUARANTEES.md).
/// Inherit it once with your fixture: <c>public sealed class MyLoggerConformance(MyFixture f) : HmrLoggerConformanceTests&lt;MyFixture&gt;(f);</c>.
/// Every test is virtual: override one where your logger legitimately differs, and say why.
/// </summary>
/// <typeparam name="TFixture">The fixture that wires the logger.</typeparam>
/// <param name="fixture">The shared fixture.</param>
public abstract class HmrLoggerConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncDisposable
    where TFixture : HmrLoggerConformanceFixture
{
    /// <summary>Messages that trip loggers up: empty, multi-line, format placeholders and stray braces, non-ASCII, long.</summary>
    protected static readonly IReadOnlyList<string> AwkwardMessages =
    [
        "",
        "connected.",
        "hot updated: /src/a.ts via /src/b.ts",
        "An error happened during full reload\nError: boom\n    at /src/a.ts:1:7",
        "line one\r\nline two",
        "{0} {Message} {{ }} { } {",
        "%s %d %% $1",
        "héllo wörld ✓ 🚀 \u0000 \t",
        new string('x', 100_000),
    ];

    private SeamOptions? _seam;

    /// <summary>The fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <summary>HMRL-001: no message, and no missing exception, makes the logger throw.</summary>
    [Fact, Guarantee("HMRL-001")]
    public virtual void HMRL001_any_message_is_accepted_without_throwing()
    {
        var logger = CreateLogger();
        foreach (var message in AwkwardMessages)
        {
            Should.NotThrow(() => logger.Debug(message), $"Debug({Describe(message)})");
            Should.NotThrow(() => logger.Error(message), $"Error({Describe(message)}) without an exception");
            Should.NotThrow(() => logger.Error(message, new InvalidOperationException(message)), $"Error({Describe(message)}, exception)");
        }
    }

    /// <summary>HMRL-002: each message's text is written whole (every line, every character).</summary>
    [Fact, Guarantee("HMRL-002")]
    public virtual void HMRL002_messages_are_written_whole()
    {
        RequireReadBack("the kit checks the written text");
        var logger = CreateLogger();
        foreach (var message in AwkwardMessages.Where(m => m.Length > 0))
        {
            logger.Debug(message);
            logger.Error(message + " (as an error)");
        }
        var written = Fixture.ReadBackOutput(_seam!.Services);
        foreach (var message in AwkwardMessages.Where(m => m.Length > 0))
        {
            written.Any(r => r.Text.Contains(message, StringComparison.Ordinal)).ShouldBeTrue($"Debug({Describe(message)}) was not written whole");
            written.Any(r => r.Text.Contains(message + " (as an error)", StringComparison.Ordinal)).ShouldBeTrue($"Error({Describe(message)}) was not written whole");
        }
    }

    /// <summary>HMRL-003: errors are written as errors and debug messages are not.</summary>
    [Fact, Guarantee("HMRL-003")]
    public virtual void HMRL003_errors_and_debug_messages_are_told_apart()
    {
        RequireReadBack("the kit checks how each message was written");
        var logger = CreateLogger();
        logger.Debug("hot updated: /src/conformance-debug.ts");
        logger.Error("Failed to reload /src/conformance-error.ts. This could be due to syntax errors or importing non-existent modules. (see errors above)");
        var written = Fixture.ReadBackOutput(_seam!.Services);
        var debug = written.Where(r => r.Text.Contains("/src/conformance-debug.ts", StringComparison.Ordinal)).ShouldHaveSingleItem("the debug message");
        var error = written.Where(r => r.Text.Contains("/src/conformance-error.ts", StringComparison.Ordinal)).ShouldHaveSingleItem("the error message");
        debug.IsError.ShouldBeFalse("Debug(…) was written as an error");
        error.IsError.ShouldBeTrue("Error(…) was not written as an error");
    }

    /// <summary>HMRL-004: the exception given with an error is written with it.</summary>
    [Fact, Guarantee("HMRL-004")]
    public virtual void HMRL004_the_exception_of_an_error_is_kept()
    {
        RequireReadBack("the kit checks what was written with the error");
        var logger = CreateLogger();
        var exception = new InvalidOperationException("conformance: the reason behind the error");
        logger.Error("Internal Server Error\nconformance failure", exception);
        var written = Fixture.ReadBackOutput(_seam!.Services).Single(r => r.Text.Contains("conformance failure", StringComparison.Ordinal));
        (ReferenceEquals(written.Exception, exception) || written.Text.Contains(exception.Message, StringComparison.Ordinal))
            .ShouldBeTrue("the error was written without its exception (neither the exception nor its message is kept)");
    }

    /// <summary>HMRL-005: the logger can be called from many threads at once, and keeps every message.</summary>
    [Fact, Guarantee("HMRL-005")]
    public virtual async Task HMRL005_concurrent_calls_are_safe_and_nothing_is_lost()
    {
        var logger = CreateLogger();
        const int Threads = 8;
        const int PerThread = 250;
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                if (i % 2 == 0) logger.Debug($"conformance {t}:{i}");
                else logger.Error($"conformance {t}:{i}");
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Hang.Guard(Task.WhenAll(workers), Fixture.OperationTimeout, "Logging from 8 threads at once");

        if (!Fixture.CanReadBackOutput) return;
        var written = Fixture.ReadBackOutput(_seam!.Services)
            .SelectMany(r => System.Text.RegularExpressions.Regex.Matches(r.Text, @"conformance \d+:\d+(?!\d)").Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        var missing = Enumerable.Range(0, Threads).SelectMany(t => Enumerable.Range(0, PerThread).Select(i => $"conformance {t}:{i}"))
            .Where(m => !written.Contains(m))
            .ToArray();
        missing.ShouldBeEmpty($"{missing.Length} of {Threads * PerThread} messages written concurrently were lost");
    }

    /// <summary>HMRL-006: a runner wired through the seam logs its HMR client's messages through this logger.</summary>
    [Fact, Guarantee("HMRL-006")]
    public virtual async Task HMRL006_the_runner_logs_hmr_messages_through_this_logger()
    {
        var calls = new List<(bool IsError, string Message)>();
        var server = ConformanceRecording.CreateServer();
        KitWiring.TransportHolder? transport = null;
        await using var session = await RunnerSession.StartAsync(Fixture, builder =>
        {
            Fixture.ConfigurePlugin(builder);
            builder.UseNonExecutingEvaluator();
            transport = builder.UseInMemoryServer(server);
            // Observe the calls the runner makes on the slot's logger, passing each on.
            builder.Services.PostConfigure<ModuleRunnerOptions>(builder.Name, options =>
            {
                var slot = options.HmrLogger;
                options.HmrLogger = services => new ObservedLogger(
                    slot?.Invoke(services) ?? services.GetService<IHmrLogger>() ?? throw new InvalidOperationException(
                        $"{Fixture.PluginName}: ConfigureRunner left the HMR logger slot empty and registered no IHmrLogger; wire the logger with builder.UseHmrLogger(…)."),
                    calls);
            });
        });
        transport!.Created.Push(new ErrorPayload(ProtocolJson.ToElement(new { message = "conformance server error", stack = "Error: conformance server error\n    at server" })));
        await session.WaitAsync(WaitUntilAsync(() => Snapshot(calls).Any(c => c.IsError)), "The runner's HMR client logging a server error");

        var seen = Snapshot(calls);
        seen.ShouldContain((false, "connected."), "the runner's HMR client did not log \"connected.\" through the plugin's logger");
        seen.ShouldContain(c => c.IsError && c.Message.StartsWith("Internal Server Error\nconformance server error", StringComparison.Ordinal));
        if (Fixture.CanReadBackOutput)
        {
            var written = Fixture.ReadBackOutput(session.Services);
            written.ShouldContain(r => !r.IsError && r.Text.Contains("connected.", StringComparison.Ordinal), "\"connected.\" was not written");
            written.ShouldContain(r => r.IsError && r.Text.Contains("conformance server error", StringComparison.Ordinal), "the server error was not written");
        }
    }

    /// <summary>Creates the logger from the fixture's seam (its container lives until the test ends).</summary>
    protected IHmrLogger CreateLogger()
    {
        _seam ??= SeamOptions.Build(Fixture);
        return Fixture.CreateLogger(_seam);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_seam is not null) await _seam.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void RequireReadBack(string why) =>
        Capability.Require(Fixture.CanReadBackOutput, Fixture, nameof(HmrLoggerConformanceFixture.CanReadBackOutput), why + ", and cannot read the output back");

    private static string Describe(string message) => message.Length > 40 ? $"\"{message[..20]}…\" ({message.Length} chars)" : $"\"{message}\"";

    private static (bool IsError, string Message)[] Snapshot(List<(bool, string)> calls)
    {
        lock (calls) return calls.ToArray();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition()) await Task.Delay(5).ConfigureAwait(false);
    }

    private sealed class ObservedLogger(IHmrLogger plugin, List<(bool, string)> calls) : IHmrLogger
    {
        public void Debug(string message)
        {
            lock (calls) calls.Add((false, message));
            plugin.Debug(message);
        }

        public void Error(string message, Exception? exception = null)
        {
            lock (calls) calls.Add((true, message));
            plugin.Error(message, exception);
        }
    }
}
