using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr;

/// <summary>The <c>prune</c> payload: <c>vite:beforePrune</c>, then <c>prunePaths</c> (vite-protocol.md §2.2).</summary>
public sealed class PrunePayloadTests
{
    private const string A = "/src/hmr/pruned.js";
    private const string B = "/src/hmr/pruned-too.js";
    private const string Wire = """{"type":"prune","paths":["/src/hmr/pruned.js","/src/hmr/pruned-too.js"]}""";

    [Fact]
    public async Task Before_prune_then_every_dispose_then_every_prune_with_the_modules_data()
    {
        var bed = new HmrTestBed();
        foreach (var url in new[] { A, B })
        {
            var context = bed.Client.CreateHotContext(url);
            context.Dispose(bed.Function($"dispose {url}"));
            context.Prune(bed.Function($"prune {url}"));
        }
        bed.Client.CreateHotContext("/src/hmr/main.js").On("vite:beforePrune", bed.Function("beforePrune"));

        await bed.DeliverAsync(Wire);

        bed.Log.Entries.ShouldBe([
            $"beforePrune({Wire})",
            $"dispose {A}(data({A}))",
            $"dispose {B}(data({B}))",
            $"prune {A}(data({A}))",
            $"prune {B}(data({B}))",
        ]);
        bed.Logger.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Disposers_run_in_parallel_and_prune_callbacks_wait_for_all_of_them()
    {
        var bed = new HmrTestBed();
        var slowDispose = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = bed.Client.CreateHotContext(A);
        a.Dispose(bed.Function($"dispose {A}", _ => slowDispose.Task));
        a.Prune(bed.Function($"prune {A}"));
        bed.Client.CreateHotContext(B).Dispose(bed.Function($"dispose {B}"));

        bed.Client.Enqueue(ProtocolJson.ParsePayload(Wire));
        await UpdatePayloadTests.WaitUntilAsync(() => bed.Log.Entries.Count == 2);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        bed.Log.Entries.ShouldBe([$"dispose {A}(data({A}))", $"dispose {B}(data({B}))"]);

        slowDispose.SetResult(null);
        await bed.Client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        bed.Log.Entries.Last().ShouldBe($"prune {A}(data({A}))");
    }

    [Fact]
    public async Task The_data_of_pruned_modules_is_deleted_and_other_modules_keep_theirs()
    {
        var bed = new HmrTestBed();
        var prunedData = bed.Client.CreateHotContext(A).Data;
        var keptData = bed.Client.CreateHotContext("/src/hmr/kept.js").Data;

        await bed.DeliverAsync(Wire);

        bed.Client.CreateHotContext(A).Data.ShouldNotBeSameAs(prunedData);
        bed.Client.CreateHotContext("/src/hmr/kept.js").Data.ShouldBeSameAs(keptData);
    }

    [Fact]
    public async Task A_second_prune_without_a_new_instance_passes_no_data()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext(A).Dispose(bed.Function("dispose"));

        await bed.DeliverAsync("""{"type":"prune","paths":["/src/hmr/pruned.js"]}""", """{"type":"prune","paths":["/src/hmr/pruned.js"]}""");

        bed.Log.Entries.ShouldBe([$"dispose(data({A}))", "dispose(undefined)"]);
    }

    [Fact]
    public async Task A_failing_dispose_skips_the_prune_callbacks_still_deletes_the_data_and_is_logged()
    {
        var bed = new HmrTestBed();
        var a = bed.Client.CreateHotContext(A);
        var data = a.Data;
        a.Dispose(bed.Function("dispose", RecordingScriptFunction.Rejects("dispose failed")));
        a.Prune(bed.Function("prune"));
        a.On("x:next", bed.Function("next"));

        await bed.DeliverAsync(Wire, """{"type":"custom","event":"x:next","data":"still running"}""");

        bed.Log.Entries.ShouldBe([
            $"dispose(data({A}))",
            "error: An error happened while handling a \"prune\" payload\ndispose failed\nError: dispose failed\n    at fixture.js:1:1",
            "next(\"still running\")",
        ]);
        bed.Client.CreateHotContext(A).Data.ShouldNotBeSameAs(data);
    }

    [Fact]
    public async Task A_failing_prune_callback_still_deletes_the_data_and_is_logged()
    {
        var bed = new HmrTestBed();
        var a = bed.Client.CreateHotContext(A);
        var data = a.Data;
        a.Prune(bed.Function("prune", RecordingScriptFunction.ThrowsSynchronously("prune failed")));

        await bed.DeliverAsync(Wire);

        bed.Logger.Errors.ShouldBe(["An error happened while handling a \"prune\" payload\nprune failed\nError: prune failed\n    at fixture.js:1:1"]);
        bed.Client.CreateHotContext(A).Data.ShouldNotBeSameAs(data);
    }
}
