using System.Collections.Concurrent;
using System.Diagnostics;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class SafetyTests
{
    [Fact]
    public async Task Process_exit_stops_only_the_running_code_and_the_environment_stays_usable()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<JsProcessExitException>(() => env.EvalAsync("globalThis.after = 'no'; process.exit(1); globalThis.after = 'yes'"));

        error.ExitCode.ShouldBe(1);
        env.IsRunning.ShouldBeTrue();
        (await env.EvalAsync("globalThis.after")).ShouldBe("no");
        // A second exit behaves the same way.
        (await Should.ThrowAsync<JsProcessExitException>(() => env.EvalAsync("process.exit(3)"))).ExitCode.ShouldBe(3);
        (await env.EvalAsync("1 + 1")).ShouldBe(2d);
    }

    [Fact]
    public async Task Process_exit_from_a_timer_is_reported_and_the_environment_stays_usable()
    {
        await using var env = await EngineRequirement.StartAsync();
        var reports = new ConcurrentQueue<(string Kind, Exception Error)>();
        env.UnhandledError += (kind, error) => reports.Enqueue((kind, error));

        await env.EvalAsync("setTimeout(() => process.exit(7), 1)");
        await WaitUntil(() => !reports.IsEmpty);

        var (kind, error) = reports.Single();
        kind.ShouldBe("terminated");
        error.ShouldBeOfType<JsProcessExitException>().ExitCode.ShouldBe(7);
        (await env.EvalAsync("'alive'")).ShouldBe("alive");
    }

    [Fact]
    public async Task Uncaught_exceptions_and_unhandled_rejections_are_reported_not_fatal()
    {
        await using var env = await EngineRequirement.StartAsync();
        var reports = new ConcurrentQueue<(string Kind, Exception Error)>();
        env.UnhandledError += (kind, error) => reports.Enqueue((kind, error));

        await env.EvalAsync("setTimeout(() => { throw new Error('from a timer') }, 1); Promise.reject(new Error('nobody listens')); undefined");
        await WaitUntil(() => reports.Count >= 2, () => string.Join(", ", reports.Select(r => r.Kind + ": " + r.Error.Message)));

        reports.Select(r => r.Kind).OrderBy(k => k).ShouldBe(["uncaughtException", "unhandledRejection"]);
        reports.Select(r => ((JsException)r.Error).JsMessage).OrderBy(m => m).ShouldBe(["from a timer", "nobody listens"]);
        (await env.EvalAsync("'alive'")).ShouldBe("alive");
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_by_the_time_limit_and_the_environment_still_works()
    {
        await using var env = await EngineRequirement.StartAsync(timeLimit: TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<JsTimeoutException>(() => env.EvalAsync("while (true) {}"));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        error.ShouldBeAssignableTo<TimeoutException>();
        error.Limit.ShouldBe(TimeSpan.FromMilliseconds(300));
        (await env.EvalAsync("[1, 2, 3].map(x => x * 2)")).ShouldBe(new object?[] { 2d, 4d, 6d });
        // Work shorter than the limit is untouched, even when many slices add up to more.
        for (var i = 0; i < 5; i++)
            (await env.EvalAsync("{ const end = Date.now() + 80; while (Date.now() < end) {} } 'ok'")).ShouldBe("ok");
    }

    [Fact]
    public async Task A_loop_after_an_await_is_stopped_and_its_task_fails()
    {
        await using var env = await EngineRequirement.StartAsync(timeLimit: TimeSpan.FromMilliseconds(200));
        using var spin = (await env.EvalAsync("async () => { await null; while (true) {} }")).ShouldBeOfType<JsFunctionHandle>();

        await Should.ThrowAsync<JsTimeoutException>(() => spin.InvokeAsync());

        (await env.EvalAsync("'alive'")).ShouldBe("alive");
    }

    [Fact]
    public async Task A_loop_in_a_timer_is_stopped()
    {
        await using var env = await EngineRequirement.StartAsync(timeLimit: TimeSpan.FromMilliseconds(200));
        var reports = new ConcurrentQueue<(string Kind, Exception Error)>();
        env.UnhandledError += (kind, error) => reports.Enqueue((kind, error));

        await env.EvalAsync("setTimeout(() => { while (true) {} }, 1)");
        await WaitUntil(() => !reports.IsEmpty);

        reports.Single().Error.ShouldBeOfType<JsTimeoutException>();
        (await env.EvalAsync("new Promise(r => setTimeout(() => r('timers still work'), 1))").ContinueWith(t => (Task<object?>)t.Result!).Unwrap())
            .ShouldBe("timers still work");
    }

    [Fact]
    public async Task Running_out_of_heap_terminates_the_script_instead_of_the_process()
    {
        await using var env = await EngineRequirement.StartAsync(heapLimitBytes: 64L * 1024 * 1024, timeLimit: TimeSpan.FromSeconds(20));

        await Should.ThrowAsync<JsHeapLimitException>(() => env.EvalAsync("const hog = []; while (true) hog.push(new Array(100000).fill(1.5));"));

        (await env.EvalAsync("'survived'")).ShouldBe("survived");
    }

    [Fact]
    public async Task Terminating_on_request_cancels_the_running_code()
    {
        await using var env = await EngineRequirement.StartAsync();

        var running = env.EvalAsync("while (true) {}");
        await WaitUntil(() => env.TerminateCurrentExecution());

        await Should.ThrowAsync<OperationCanceledException>(() => running);
        (await env.EvalAsync("'alive'")).ShouldBe("alive");
    }

    internal static async Task WaitUntil(Func<bool> condition, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true within 10 s. " + describe?.Invoke());
            await Task.Delay(5);
        }
    }
}
