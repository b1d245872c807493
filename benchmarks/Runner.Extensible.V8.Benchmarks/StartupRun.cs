using System.Diagnostics;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Benchmarks;

/// <summary>Times the first environment (which also initialises Node and V8 for the process) and then warm starts.</summary>
internal static class StartupRun
{
    public static async Task RunAsync(int warmStarts = 20)
    {
        var watch = Stopwatch.StartNew();
        await (await NodeEnvironment.StartAsync()).DisposeAsync();
        Console.WriteLine($"first start, including process-wide initialisation: {watch.Elapsed.TotalMilliseconds:F1} ms");
        var times = new List<double>();
        for (var i = 0; i < warmStarts; i++)
        {
            watch.Restart();
            var environment = await NodeEnvironment.StartAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            await environment.DisposeAsync();
        }
        times.Sort();
        Console.WriteLine($"warm starts ({warmStarts}): min {times[0]:F1} ms, median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms");
    }
}
