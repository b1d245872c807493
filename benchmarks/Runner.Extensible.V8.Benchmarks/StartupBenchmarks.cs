using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Benchmarks;

/// <summary>Starting an environment (the process-wide V8 initialisation happens once, in the first iteration).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
public class StartupBenchmarks
{
    private NodeEnvironment? _started;

    [Benchmark]
    public async Task StartEnvironment() => _started = await NodeEnvironment.StartAsync();

    [IterationCleanup]
    public void Cleanup()
    {
        _started?.Dispose();
        _started = null;
    }
}
