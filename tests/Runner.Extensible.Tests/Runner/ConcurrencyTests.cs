using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Three_parallel_imports_make_one_fetch_and_one_evaluation_and_return_the_same_object()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetchArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Server.Intercept = async call =>
        {
            if (call.Method == "fetchModule")
            {
                fetchArrived.TrySetResult();
                await release.Task;
            }
            return null;
        };
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        var imports = Enumerable.Range(0, 3).Select(_ => scope.ImportAsync("/src/a.ts")).ToArray();
        await fetchArrived.Task.WaitAsync(TestContext.Current.CancellationToken);
        release.SetResult();
        var results = await Task.WhenAll(imports);

        results[1].ShouldBeSameAs(results[0]);
        results[2].ShouldBeSameAs(results[0]);
        scope.Server.FetchCalls.Count.ShouldBe(1);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
    }

    [Fact]
    public async Task Imports_of_a_module_being_evaluated_wait_for_that_evaluation_instead_of_starting_another()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/slow.ts", """
            // test:wait slow
            // test:export done=true
            """);

        var first = scope.ImportAsync("/src/slow.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Evaluator.EvaluationCount("/root/src/slow.ts") == 1, "the slow module starts evaluating");
        // The second import is a different request (its fetch is not shared), so it reaches cachedRequest while the first is in flight.
        var second = scope.ImportAsync("/src/slow.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.FetchCalls.Count == 2, "the second fetch arrives");
        second.IsCompleted.ShouldBeFalse();

        scope.Evaluator.Gate("slow").SetResult();
        (await second).ShouldBeSameAs(await first);
        scope.Evaluator.EvaluationCount("/root/src/slow.ts").ShouldBe(1);
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, true]);
    }

    [Fact]
    public async Task Two_importers_of_one_dependency_in_parallel_share_its_fetch_and_evaluation()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/a.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/shared.ts");""")
            .AddModule("/src/b.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/shared.ts");""")
            .AddModule("/src/shared.ts", """
                // test:wait shared
                // test:export shared=1
                """);

        var a = scope.ImportAsync("/src/a.ts");
        var b = scope.ImportAsync("/src/b.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Evaluator.EvaluationCount("/root/src/shared.ts") == 1
            && scope.Runner.EvaluatedModules.GetModuleById("/root/src/shared.ts")!.Importers.Count == 2, "shared starts and both importers reach it");
        b.IsCompleted.ShouldBeFalse();
        a.IsCompleted.ShouldBeFalse();
        scope.Evaluator.Gate("shared").SetResult();
        await Task.WhenAll(a, b);

        scope.Evaluator.EvaluationCount("/root/src/shared.ts").ShouldBe(1);
        scope.Runner.EvaluatedModules.GetModuleById("/root/src/shared.ts")!.Importers.ShouldBe(["/root/src/a.ts", "/root/src/b.ts"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_failed_fetch_is_not_shared_with_later_requests()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        var fail = true;
        scope.Server.Intercept = call => Task.FromResult<JsonElement?>(
            call.Method == "fetchModule" && fail ? FakeViteServer.Error("Error", "temporarily broken") : null);

        await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/a.ts"));
        fail = false;

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
    }

    [Fact]
    public async Task Cancelling_one_caller_does_not_cancel_the_shared_import()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/slow.ts", """
            // test:wait slow
            // test:export done=true
            """);
        using var cancel = new CancellationTokenSource();

        var cancelled = scope.Runner.ImportAsync("/src/slow.ts", cancel.Token);
        var other = scope.ImportAsync("/src/slow.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Evaluator.EvaluationCount("/root/src/slow.ts") == 1, "evaluation starts");
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);

        scope.Evaluator.Gate("slow").SetResult();
        (await other).GetProperty("done").ShouldBe(true);
    }
}
