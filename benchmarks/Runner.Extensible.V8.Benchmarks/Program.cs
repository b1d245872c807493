using BenchmarkDotNet.Running;
using Runner.Extensible.V8.Benchmarks;

// `memory [total]` runs the memory trend (100 000 evaluations by default), `startup` times cold and warm
// environment starts; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "memory")
{
    var total = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
    await MemoryRun.RunAsync(total, sampleEvery: Math.Max(total / 10, 200));
    return;
}
if (args.Length > 0 && args[0] == "startup")
{
    await StartupRun.RunAsync();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
