using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using static Runner.Extensible.Tests.SourceMaps.SourceMapInterceptorTests;
using static Runner.Extensible.Tests.SourceMaps.TestSourceMap;

namespace Runner.Extensible.Tests.SourceMaps;

public sealed class SourceMapConcurrencyTests
{
    [Fact]
    public async Task Evaluator_threads_map_stacks_while_the_runner_replaces_and_invalidates_modules()
    {
        const string id = "/root/src/hot.ts";
        var modules = new EvaluatedModules();
        var interceptor = new SourceMapInterceptor(modules, [], []);
        // Version v maps "throw new Error" (engine line 4, column 7) to original line v + 1.
        string Version(int v) => ServerCode(id, "throw new Error('x')\n", ["hot.ts"], [[new(0, 0, v, 0), new(6, 0, v, 6)]]);
        AddModule(modules, id, "/src/hot.ts", Version(0));
        var frame = Frame(id, 4, 7, "eval", isEval: true);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var seenLines = new System.Collections.Concurrent.ConcurrentBag<int?>();

        var runner = Task.Run(() =>
        {
            for (var v = 1; !stop.IsCancellationRequested; v = v % 5 + 1)
            {
                var node = modules.GetModuleById(id)!;
                modules.InvalidateModule(node);
                AddModule(modules, id, "/src/hot.ts", Version(v));
                if (v == 5) modules.Clear();
                if (v == 5) AddModule(modules, id, "/src/hot.ts", Version(v));
            }
        }, TestContext.Current.CancellationToken);
        var evaluators = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                ScriptStackFrame mapped = interceptor.MapStackTrace([frame])[0];
                seenLines.Add(mapped.LineNumber);
            }
        }, TestContext.Current.CancellationToken)).ToArray();

        await Task.WhenAll([runner, .. evaluators]);

        // Each lookup saw either a mapped version (original lines 1…6) or, between an invalidation and the new
        // fetch, the unmapped frame (line 4) — never an exception.
        seenLines.ShouldNotBeEmpty();
        seenLines.ShouldAllBe(line => line >= 1 && line <= 6);
        var node = modules.GetModuleById(id)!;
        var final = interceptor.MapStackTrace([frame])[0];
        final.LineNumber.ShouldBe(((RunnerMapCacheEntry)node.Map!).Map!.OriginalPositionFor(4, 6)!.Value.Line);
    }
}
