using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Posting_after_dispose_fails_cleanly()
    {
        var env = await EngineRequirement.StartAsync();
        await env.DisposeAsync();

        env.IsRunning.ShouldBeFalse();
        env.Completion.IsCompletedSuccessfully.ShouldBeTrue();
        Should.Throw<ObjectDisposedException>(() => env.Post(_ => { }));
        await Should.ThrowAsync<ObjectDisposedException>(() => env.InvokeAsync(_ => 1));
        Should.Throw<ObjectDisposedException>(() => env.Invoke(_ => 1));
        env.TryPost(_ => { }).ShouldBeFalse();
        await env.DisposeAsync();
    }

    [Fact]
    public async Task Work_queued_when_disposing_either_runs_or_fails_never_hangs()
    {
        var env = await EngineRequirement.StartAsync();
        var work = Enumerable.Range(0, 200).Select(i => env.InvokeAsync(js => i)).ToList();

        var dispose = env.DisposeAsync();
        var late = env.InvokeAsync(_ => -1);

        await dispose;
        foreach (var task in work) (await task).ShouldBeGreaterThanOrEqualTo(0);
        await Should.ThrowAsync<ObjectDisposedException>(() => late);
    }

    [Fact]
    public async Task Dispose_waits_for_teardown_and_can_be_repeated()
    {
        var env = await EngineRequirement.StartAsync();
        await env.EvalAsync("setInterval(() => {}, 1000); require('net').createServer().listen(0)");

        env.Dispose();

        env.Completion.IsCompleted.ShouldBeTrue();
        env.Dispose();
    }

    [Fact]
    public async Task References_are_released_when_handles_are_disposed()
    {
        await using var env = await EngineRequirement.StartAsync();
        var baseline = env.LiveReferenceCount;

        var handles = new List<JsObjectHandle>();
        for (var i = 0; i < 50; i++) handles.Add((await env.EvalAsync($"({{ i: {i} }})")).ShouldBeOfType<JsObjectHandle>());
        env.LiveReferenceCount.ShouldBe(baseline + 50);
        foreach (var h in handles) h.Dispose();
        await env.InvokeAsync(_ => 0); // the releases are posted; let them run

        env.LiveReferenceCount.ShouldBe(baseline);
    }

    [Fact]
    public async Task Callbacks_collected_by_javascript_release_their_gc_handles()
    {
        await using var env = await EngineRequirement.StartAsync();
        var baseline = env.LiveCallbackCount;

        await env.InvokeAsync(js =>
        {
            for (var i = 0; i < 100; i++) js.CreateFunction("temp", (ctx, _) => default);
        });
        env.LiveCallbackCount.ShouldBe(baseline + 100);

        // Node runs Node-API finalizers after a GC, from the event loop.
        await SafetyTests.WaitUntil(() =>
        {
            env.Invoke(js => js.RunScript("gc()", "gc.js"));
            Thread.Sleep(5);
            return env.LiveCallbackCount == baseline;
        });
    }

    [Fact]
    public async Task Environment_start_fails_cleanly_for_invalid_options()
    {
        EngineRequirement.EnsureAvailable();

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => NodeEnvironment.StartAsync(new NodeEnvironmentOptions { EngineFlags = EngineRequirement.Flags, HeapLimitBytes = 1024 }));
        await Should.ThrowAsync<InvalidOperationException>(() => EngineRequirement.StartAsync().ContinueWith(
            async t => { await using var _ = t.Result; return await NodeEnvironment.StartAsync(new NodeEnvironmentOptions { EngineFlags = ["--some-other-flag"] }); }).Unwrap());
    }
}
