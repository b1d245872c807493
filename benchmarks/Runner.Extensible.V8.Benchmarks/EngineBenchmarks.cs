using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.V8.Engine;
using Runner.Extensible.V8.Evaluator;

namespace Runner.Extensible.V8.Benchmarks;

/// <summary>Throughput of the engine layer and the evaluator.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int CallsPerInvoke = 100_000;
    private const int CrossThreadCalls = 2_000;
    private const int ModulesInFlight = 200;

    private NodeEnvironment _environment = null!;
    private JsFunctionHandle _increment = null!;
    private V8ModuleEvaluator _evaluator = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _environment = await NodeEnvironment.StartAsync();
        _increment = (JsFunctionHandle)(await _environment.InvokeAsync(js => js.ToClr(js.RunScript("(x) => x + 1", "bench.js"))))!;
        _evaluator = new V8ModuleEvaluator(new V8EvaluatorOptions());
        await _evaluator.InitializeAsync(new ModuleEvaluatorHost("bench", NullLoggerFactory.Instance, null), CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _increment.Dispose();
        await _environment.DisposeAsync();
        await _evaluator.DisposeAsync();
    }

    /// <summary>C# → JS calls made on the JS thread (one work item running many calls).</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public double CallOnJsThread() => _environment.Invoke(js =>
    {
        var function = _increment.GetValue(js);
        var argument = js.CreateNumber(1);
        double sum = 0;
        for (var block = 0; block < CallsPerInvoke / 1000; block++)
        {
            var scope = js.OpenHandleScope();
            for (var i = 0; i < 1000; i++) sum += js.GetNumber(js.Call(function, default, argument));
            js.CloseHandleScope(scope);
        }
        return sum;
    });

    /// <summary>An exported function called from another .NET thread; many calls in flight are drained per wake-up.</summary>
    [Benchmark(OperationsPerInvoke = CrossThreadCalls)]
    public async Task<object?> CallFromAnotherThread()
    {
        var calls = new Task<object?>[CrossThreadCalls];
        for (var i = 0; i < calls.Length; i++) calls[i] = _increment.InvokeAsync(i);
        await Task.WhenAll(calls);
        return calls[^1].Result;
    }

    /// <summary>A small Vite-shaped module evaluated end to end (exports published, body run, object sealed), many in flight.</summary>
    [Benchmark(OperationsPerInvoke = ModulesInFlight)]
    public async Task EvaluateSmallModule()
    {
        var evaluations = new Task[ModulesInFlight];
        for (var i = 0; i < evaluations.Length; i++)
        {
            var module = new BenchmarkModule();
            evaluations[i] = _evaluator.RunInlinedModuleAsync(module, BenchmarkModule.Code, module, CancellationToken.None);
        }
        await Task.WhenAll(evaluations);
    }
}
