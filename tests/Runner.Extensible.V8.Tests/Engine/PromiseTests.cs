using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class PromiseTests
{
    [Fact]
    public async Task A_promise_becomes_a_task()
    {
        await using var env = await EngineRequirement.StartAsync();

        var task = (await env.EvalAsync("new Promise(r => setTimeout(() => r({ answer: 42 }), 5))")).ShouldBeAssignableTo<Task<object?>>()!;
        using var value = (await task).ShouldBeOfType<JsObjectHandle>();

        (await value.GetAsync("answer")).ShouldBe(42d);
    }

    [Fact]
    public async Task An_async_function_is_awaited_by_InvokeAsync()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var fn = (await env.EvalAsync("async (x) => { await null; return x * 2 }")).ShouldBeOfType<JsFunctionHandle>();

        (await fn.InvokeAsync(21)).ShouldBe(42d);
    }

    [Fact]
    public async Task A_rejected_promise_faults_the_task_with_the_javascript_error()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var fn = (await env.EvalAsync("async () => { await null; throw new TypeError('async failure') }")).ShouldBeOfType<JsFunctionHandle>();

        var error = await Should.ThrowAsync<JsException>(() => fn.InvokeAsync());

        error.JsName.ShouldBe("TypeError");
        error.JsMessage.ShouldBe("async failure");
        error.JsStack.ShouldNotBeNull().ShouldContain("TypeError: async failure");
    }

    [Fact]
    public async Task A_task_becomes_a_promise()
    {
        await using var env = await EngineRequirement.StartAsync();
        var completion = new TaskCompletionSource<string>();
        using var consume = (await env.EvalAsync("async (p) => 'got ' + await p")).ShouldBeOfType<JsFunctionHandle>();

        var pending = consume.InvokeAsync(completion.Task);
        await Task.Delay(20, TestContext.Current.CancellationToken);
        pending.IsCompleted.ShouldBeFalse();
        completion.SetResult("value");

        (await pending).ShouldBe("got value");
    }

    [Fact]
    public async Task A_faulted_task_rejects_the_promise()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var consume = (await env.EvalAsync("async (p) => { try { await p; return 'resolved' } catch (e) { return 'rejected: ' + e.message } }")).ShouldBeOfType<JsFunctionHandle>();

        (await consume.InvokeAsync(Task.FromException(new InvalidOperationException("task failed")))).ShouldBe("rejected: task failed");
        (await consume.InvokeAsync(Task.Run(async () => { await Task.Delay(5, TestContext.Current.CancellationToken); throw new InvalidOperationException("later"); }, TestContext.Current.CancellationToken))).ShouldBe("rejected: later");
    }

    [Fact]
    public async Task A_dotnet_async_callback_is_awaited_by_javascript()
    {
        await using var env = await EngineRequirement.StartAsync();
        Func<object?[], object?> fetch = args => Task.Run(async () =>
        {
            await Task.Delay(5);
            return (object?)$"fetched {args[0]}";
        });

        using var run = (await env.EvalAsync("async (f) => (await f('x')).toUpperCase()")).ShouldBeOfType<JsFunctionHandle>();

        (await run.InvokeAsync(fetch)).ShouldBe("FETCHED X");
    }

    [Fact]
    public async Task Promises_still_pending_at_dispose_fail_the_task()
    {
        var env = await EngineRequirement.StartAsync();
        var never = (await env.EvalAsync("new Promise(() => {})")).ShouldBeAssignableTo<Task<object?>>()!;

        await env.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(() => never);
    }
}
