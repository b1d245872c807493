using System.Numerics;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class ScriptTests
{
    [Fact]
    public async Task Runs_a_script_and_returns_its_value()
    {
        await using var env = await EngineRequirement.StartAsync();

        (await env.EvalAsync("const a = 20; a + 22")).ShouldBe(42d);
    }

    [Fact]
    public async Task Converts_javascript_values_to_dotnet()
    {
        await using var env = await EngineRequirement.StartAsync();

        (await env.EvalAsync("undefined")).ShouldBeNull();
        (await env.EvalAsync("null")).ShouldBeNull();
        (await env.EvalAsync("true")).ShouldBe(true);
        (await env.EvalAsync("1.5")).ShouldBe(1.5d);
        (await env.EvalAsync("'héllo ✓ 𝄞'")).ShouldBe("héllo ✓ 𝄞");
        (await env.EvalAsync("'x'.repeat(5000)")).ShouldBe(new string('x', 5000));
        (await env.EvalAsync("12345678901234567890123n")).ShouldBe(BigInteger.Parse("12345678901234567890123"));
        (await env.EvalAsync("-5n")).ShouldBe(new BigInteger(-5));
        (await env.EvalAsync("new Date(0)")).ShouldBeOfType<JsObjectHandle>().ToString().ShouldBe("[object Date]");
        (await env.EvalAsync("[1, 'two', [true, null]]")).ShouldBe(new object?[] { 1d, "two", new object?[] { true, null } });
    }

    [Fact]
    public async Task Objects_come_back_as_live_handles()
    {
        await using var env = await EngineRequirement.StartAsync();

        using var obj = (await env.EvalAsync("globalThis.shared = { a: 1, nested: { b: 'x' } }; shared")).ShouldBeOfType<JsObjectHandle>();
        (await obj.GetKeysAsync()).ShouldBe(["a", "nested"]);
        (await obj.GetAsync("a")).ShouldBe(1d);
        await obj.SetAsync("a", 5);
        (await env.EvalAsync("shared.a")).ShouldBe(5d);
        using var nested = (await obj.GetAsync("nested")).ShouldBeOfType<JsObjectHandle>();
        (await nested.ToDictionaryAsync()).ShouldBe(new Dictionary<string, object?> { ["b"] = "x" });
    }

    [Fact]
    public async Task Converts_dotnet_values_to_javascript()
    {
        await using var env = await EngineRequirement.StartAsync();

        var described = await env.InvokeAsync(js =>
        {
            var describe = js.RunScript(
                "(v) => JSON.stringify(v, function (k, x) { const raw = this[k]; return typeof raw === 'bigint' ? raw + 'n' : raw === undefined ? '<undefined>' : x })",
                "describe.js");
            var value = new Dictionary<string, object?>
            {
                ["n"] = 3,
                ["s"] = "str",
                ["b"] = false,
                ["nil"] = null,
                ["list"] = new List<object?> { 1.5, "x" },
                ["big"] = new BigInteger(9007199254740993),
                ["counts"] = new SortedDictionary<string, int> { ["a"] = 1 },
                ["json"] = System.Text.Json.JsonDocument.Parse("""{"k":[1,null,"v",true]}""").RootElement,
            };
            return js.GetString(js.CallWithClrArgs(describe, default, [value]));
        });

        described.ShouldBe("""{"n":3,"s":"str","b":false,"nil":"<undefined>","list":[1.5,"x"],"big":"9007199254740993n","counts":{"a":1},"json":{"k":[1,null,"v",true]}}""");
    }

    [Fact]
    public async Task Refuses_dotnet_values_without_a_javascript_counterpart()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<ArgumentException>(() => env.InvokeAsync(js => js.FromClr(new { Name = "poco" })));

        error.Message.ShouldContain("cannot be passed to JavaScript");
    }

    [Fact]
    public async Task Handles_of_the_same_object_are_equal()
    {
        await using var env = await EngineRequirement.StartAsync();
        await env.EvalAsync("globalThis.o = {}; globalThis.p = {}");

        using var first = (await env.EvalAsync("o")).ShouldBeOfType<JsObjectHandle>();
        using var again = (await env.EvalAsync("o")).ShouldBeOfType<JsObjectHandle>();
        using var other = (await env.EvalAsync("p")).ShouldBeOfType<JsObjectHandle>();

        first.ShouldBe(again);
        first.GetHashCode().ShouldBe(again.GetHashCode());
        first.ShouldNotBe(other);
    }

    [Fact]
    public async Task Node_apis_are_available_when_exposed()
    {
        await using var env = await EngineRequirement.StartAsync();

        (await env.EvalAsync("typeof require('fs').readFileSync + ' ' + typeof process.versions.node")).ShouldBe("function string");
        (await env.EvalAsync("process.versions.node.split('.')[0]")).ShouldBe("18");
    }

    [Fact]
    public async Task Bare_context_hides_node_apis_but_keeps_web_globals()
    {
        await using var env = await EngineRequirement.StartAsync(exposeNodeApis: false);

        (await env.EvalAsync("[typeof require, typeof process, typeof Buffer, typeof module]")).ShouldBe(new object?[] { "undefined", "undefined", "undefined", "undefined" });
        (await env.EvalAsync("[typeof console.log, typeof setTimeout, typeof URL, typeof TextEncoder, typeof queueMicrotask]"))
            .ShouldBe(new object?[] { "function", "function", "function", "function", "function" });
        (await env.EvalAsync("globalThis.x = 1; x")).ShouldBe(1d);
        (await env.InvokeAsync(js => js.ToClr(js.GetProperty(js.Global, "x")))).ShouldBeNull("the bare context's globals stay out of Node's");
    }

    [Fact]
    public async Task Scripts_can_use_timers_and_microtasks()
    {
        await using var env = await EngineRequirement.StartAsync();

        var result = await env.InvokeAsync(js => js.AwaitPromise(js.RunScript(
            "new Promise(r => setTimeout(() => queueMicrotask(() => r('later')), 10))", "timers.js"))).Unwrap();

        result.ShouldBe("later");
    }
}
