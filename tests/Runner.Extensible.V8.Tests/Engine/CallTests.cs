using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class CallTests
{
    [Fact]
    public async Task Calls_a_javascript_function_with_dotnet_arguments()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var add = (await env.EvalAsync("(a, b, c) => `${a + b}:${c.join('-')}`")).ShouldBeOfType<JsFunctionHandle>();

        (await add.InvokeAsync(2, 3.5, new[] { "x", "y" })).ShouldBe("5.5:x-y");
        add.Invoke(1, 1, Array.Empty<string>()).ShouldBe("2:");
    }

    [Fact]
    public async Task Javascript_functions_become_dotnet_delegates()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var greet = (await env.EvalAsync("(name) => 'hello ' + name")).ShouldBeOfType<JsFunctionHandle>();

        Func<object?[], Task<object?>> del = greet.ToDelegate();

        (await del(["world"])).ShouldBe("hello world");
    }

    [Fact]
    public async Task Calls_methods_with_their_receiver()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var counter = (await env.EvalAsync("({ n: 10, add(k) { this.n += k; return this.n } })")).ShouldBeOfType<JsObjectHandle>();

        (await counter.CallMethodAsync("add", 5)).ShouldBe(15d);
        (await counter.GetAsync("n")).ShouldBe(15d);
    }

    [Fact]
    public async Task Javascript_calls_dotnet_callbacks()
    {
        await using var env = await EngineRequirement.StartAsync();
        var seen = new List<object?>();

        var result = await env.InvokeAsync(js =>
        {
            var callback = js.CreateFunction("record", (ctx, args) =>
            {
                seen.Add(ctx.ToClr(args[0]));
                return ctx.CreateNumber(args.Length);
            });
            var run = js.RunScript("(cb) => [cb('a'), cb(2, 3), cb()]", "callbacks.js");
            return js.ToClr(js.Call(run, default, callback));
        });

        result.ShouldBe(new object?[] { 1d, 2d, 0d });
        seen.ShouldBe(new object?[] { "a", 2d, null });
    }

    [Fact]
    public async Task Dotnet_delegates_become_javascript_functions()
    {
        await using var env = await EngineRequirement.StartAsync();
        Func<double, string, string> format = (n, s) => $"{s}{n * 2}";

        var result = await env.InvokeAsync(js =>
        {
            var run = js.RunScript("(f) => f(21, 'n=')", "delegates.js");
            return js.ToClr(js.CallWithClrArgs(run, default, [format]));
        });

        result.ShouldBe("n=42");
    }

    [Fact]
    public async Task A_delegate_of_one_object_gets_its_argument_not_the_argument_array()
    {
        await using var env = await EngineRequirement.StartAsync();
        // Func<object?, object?> is also a Func<object?[], object?> by contravariance; it must still be called per parameter.
        Func<object?, object?> echo = value => $"dotnet saw {value}";
        Func<object?[], object?> variadic = args => args.Length;

        var result = await env.InvokeAsync(js =>
        {
            var run = js.RunScript("(echo, variadic) => `${echo('hi')}|${variadic(1, 2, 3)}`", "one-object.js");
            return js.ToClr(js.CallWithClrArgs(run, default, [echo, variadic]));
        });

        result.ShouldBe("dotnet saw hi|3");
    }

    [Fact]
    public async Task A_dotnet_exception_in_a_callback_becomes_a_javascript_error()
    {
        await using var env = await EngineRequirement.StartAsync();
        Func<object?[], object?> fail = _ => throw new InvalidOperationException("nope from .NET");

        var result = await env.InvokeAsync(js =>
        {
            var run = js.RunScript("(f) => { try { f(); return 'no error' } catch (e) { return `${e instanceof Error}|${e.message}|${e.dotnetType}` } }", "throwing.js");
            return js.ToClr(js.CallWithClrArgs(run, default, [fail]));
        });

        result.ShouldBe("true|nope from .NET|System.InvalidOperationException");
    }

    [Fact]
    public async Task A_javascript_error_passing_through_a_callback_keeps_its_identity()
    {
        await using var env = await EngineRequirement.StartAsync();

        var result = await env.InvokeAsync(js =>
        {
            var inner = js.RunScript("() => { const e = new RangeError('inner'); e.tag = 7; throw e }", "inner.js");
            // .NET sits between two JavaScript frames and lets the error pass.
            var bridge = js.CreateFunction("bridge", (ctx, _) => ctx.Call(inner, default));
            var outer = js.RunScript("(f) => { try { f() } catch (e) { return `${e.constructor.name}:${e.message}:${e.tag}` } }", "outer.js");
            return js.ToClr(js.Call(outer, default, bridge));
        });

        result.ShouldBe("RangeError:inner:7");
    }

    [Fact]
    public async Task Callbacks_can_post_back_to_their_own_thread_without_deadlocking()
    {
        await using var env = await EngineRequirement.StartAsync();

        var result = await env.InvokeAsync(js =>
        {
            var callback = js.CreateFunction("nested", (ctx, _) =>
                // Invoke from the JS thread runs inline rather than waiting on itself.
                ctx.CreateNumber(ctx.Environment.Invoke(inner => inner.GetNumber(inner.RunScript("6 * 7", "nested.js")))));
            return js.ToClr(js.Call(callback, default));
        });

        result.ShouldBe(42d);
    }
}
