using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.V8.Evaluator;

namespace Runner.Extensible.V8.Benchmarks;

/// <summary>
/// Evaluates 100 000 small modules (in batches kept in flight) and prints process RSS, the managed heap
/// and V8's heap every 10 000, to show whether memory grows with the number of evaluations.
/// </summary>
internal static class MemoryRun
{
    public static async Task RunAsync(int total = 100_000, int sampleEvery = 10_000, int inFlight = 200)
    {
        var options = new V8EvaluatorOptions();
        options.EngineFlags.Add("--expose-gc");
        await using var evaluator = new V8ModuleEvaluator(options);
        await evaluator.InitializeAsync(new ModuleEvaluatorHost("memory", NullLoggerFactory.Instance, null), CancellationToken.None);
        Console.WriteLine("| evaluations | RSS MB | managed heap MB | V8 heap used MB | live JS refs | evaluations/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var watch = Stopwatch.StartNew();
        var done = 0;
        while (done < total)
        {
            var batch = new Task[Math.Min(inFlight, total - done)];
            for (var i = 0; i < batch.Length; i++)
            {
                var module = new BenchmarkModule();
                batch[i] = evaluator.RunInlinedModuleAsync(module, BenchmarkModule.Code, module, CancellationToken.None);
            }
            await Task.WhenAll(batch);
            done += batch.Length;
            if (done % sampleEvery == 0) await SampleAsync(evaluator, done, watch);
        }
    }

    private static async Task SampleAsync(V8ModuleEvaluator evaluator, int done, Stopwatch watch)
    {
        var rate = done / watch.Elapsed.TotalSeconds;
        // Let both collectors settle so the numbers show retained memory, not garbage not yet collected.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await Task.Delay(50);
        var v8Heap = await evaluator.Environment.InvokeAsync(js =>
            js.GetNumber(js.RunScript("gc(); process.memoryUsage().heapUsed", "memory.js")) / (1024 * 1024));
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"| {done:N0} | {process.WorkingSet64 / (1024.0 * 1024):F0} | {GC.GetTotalMemory(false) / (1024.0 * 1024):F1} | {v8Heap:F1} | {evaluator.Environment.LiveReferenceCount:N0} | {rate:N0} |");
    }
}
