using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class ThreadingTests
{
    [Fact]
    public async Task Work_runs_on_the_environment_thread_whoever_posts_it()
    {
        await using var env = await EngineRequirement.StartAsync();

        var threads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => env.InvokeAsync(_ => Environment.CurrentManagedThreadId))));

        threads.Distinct().ShouldHaveSingleItem();
        threads[0].ShouldNotBe(Environment.CurrentManagedThreadId);
        env.IsOnJsThread.ShouldBeFalse();
    }

    [Fact]
    public async Task Many_concurrent_calls_from_other_threads_all_complete_in_order_per_thread()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var record = (await env.EvalAsync("globalThis.log = []; (t, i) => { log.push(t + ':' + i); return i }")).ShouldBeOfType<JsFunctionHandle>();

        var workers = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            var calls = Enumerable.Range(0, 500).Select(i => record.InvokeAsync(t, i)).ToList();
            return await Task.WhenAll(calls);
        })).ToList();
        var results = await Task.WhenAll(workers);

        results.ShouldAllBe(r => r.SequenceEqual(Enumerable.Range(0, 500).Select(i => (object?)(double)i)));
        var log = ((object?[])(await env.EvalAsync("log"))!).Cast<string>().ToList();
        log.Count.ShouldBe(2000);
        for (var t = 0; t < 4; t++)
        {
            var prefix = t + ":";
            log.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => int.Parse(l[prefix.Length..]))
                .ShouldBe(Enumerable.Range(0, 500));
        }
    }

    [Fact]
    public async Task Blocking_invoke_from_another_thread_works()
    {
        await using var env = await EngineRequirement.StartAsync();

        var value = await Task.Run(() => env.Invoke(js => js.GetNumber(js.RunScript("40 + 2", "blocking.js"))));

        value.ShouldBe(42);
    }

    [Fact]
    public async Task Two_environments_run_javascript_in_parallel_and_stay_isolated()
    {
        await using var first = await EngineRequirement.StartAsync();
        await using var second = await EngineRequirement.StartAsync();

        await first.EvalAsync("globalThis.name = 'first'");
        await second.EvalAsync("globalThis.name = 'second'");
        // Each busy script records when it ran; overlapping intervals prove nothing serialises them.
        var busy = "{ const start = Date.now(); const end = start + 300; while (Date.now() < end) {} [globalThis.name, start, Date.now()] }";
        var results = await Task.WhenAll(first.EvalAsync(busy), second.EvalAsync(busy));

        var a = (object?[])results[0]!;
        var b = (object?[])results[1]!;
        a[0].ShouldBe("first");
        b[0].ShouldBe("second");
        var overlap = Math.Min((double)a[2]!, (double)b[2]!) - Math.Max((double)a[1]!, (double)b[1]!);
        overlap.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Invoke_on_the_js_thread_outside_a_scope_refuses_instead_of_deadlocking()
    {
        await using var env = await EngineRequirement.StartAsync();

        // A callback that runs inline may block; what must never happen is waiting on a queued item.
        var inline = await env.InvokeAsync(js => env.Invoke(inner => 1));

        inline.ShouldBe(1);
    }
}
