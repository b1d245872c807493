using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Company.RunnerPlugin.Tests;

/// <summary>Listens to one meter's duration histogram and keeps every measurement with its tags.</summary>
internal sealed class RecordedDurations : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(double Seconds, IReadOnlyDictionary<string, object?> Tags)> _measurements = new();

    public RecordedDurations(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == InvokeMetricsStep.DurationInstrument) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            _measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    public IReadOnlyList<(double Seconds, IReadOnlyDictionary<string, object?> Tags)> Measurements => _measurements.ToArray();

    public void Dispose() => _listener.Dispose();
}

/// <summary>A clock that moves on by a fixed step every time it is read, so durations are exact.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}
