using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Runner.Extensible;

namespace Company.RunnerPlugin;

/// <summary>
/// Records how long every server call takes (<c>fetchModule</c>, <c>getBuiltins</c>, custom methods) on the histogram
/// <see cref="DurationInstrument"/>, tagged with the runner, the method and the outcome, and logs calls slower than
/// <see cref="InvokeMetricsOptions.SlowCallThreshold"/>. It never changes a call: results and errors pass through as they are.
/// </summary>
internal sealed partial class InvokeMetricsStep : IInvokeStep
{
    /// <summary>The meter's name unless configured otherwise.</summary>
    public const string DefaultMeterName = "Company.RunnerPlugin";

    /// <summary>The histogram of call durations, in seconds.</summary>
    public const string DurationInstrument = "runner.invoke.duration";

    // Without a meter factory in the container (services.AddMetrics()), steps of one process share one meter per name.
    private static readonly ConcurrentDictionary<string, Meter> SharedMeters = new(StringComparer.Ordinal);

    private readonly Histogram<double> _duration;
    private readonly TimeSpan? _slowCall;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public InvokeMetricsStep(InvokeMetricsOptions options, IMeterFactory? meterFactory, TimeProvider time, ILogger<InvokeMetricsStep> logger)
    {
        options.ThrowIfInvalid();
        var meter = meterFactory?.Create(options.MeterName) ?? SharedMeters.GetOrAdd(options.MeterName, static name => new Meter(name));
        _duration = meter.CreateHistogram<double>(DurationInstrument, unit: "s", description: "How long the Vite server took to answer a module runner's call.");
        _slowCall = options.SlowCallThreshold;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        var started = _time.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await next(context).ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            var elapsed = _time.GetElapsedTime(started);
            _duration.Record(elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("runner.name", context.RunnerName),
                new KeyValuePair<string, object?>("rpc.method", context.Method),
                new KeyValuePair<string, object?>("outcome", outcome));
            if (elapsed >= _slowCall) LogSlowCall(_logger, context.Method, context.RunnerName, elapsed.TotalMilliseconds, outcome);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The server took {ElapsedMilliseconds:F0} ms to answer {Method} of runner '{Runner}' ({Outcome})")]
    private static partial void LogSlowCall(ILogger logger, string method, string runner, double elapsedMilliseconds, string outcome);
}
