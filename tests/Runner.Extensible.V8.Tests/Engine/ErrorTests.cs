using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class ErrorTests
{
    [Fact]
    public async Task A_javascript_error_becomes_a_dotnet_exception_with_name_message_and_stack()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<JsException>(() => env.InvokeAsync(js =>
            js.RunScript("function explode() {\n  throw new SyntaxError('bad thing');\n}\nexplode();", "/virtual/boom.js")));

        error.JsName.ShouldBe("SyntaxError");
        error.JsMessage.ShouldBe("bad thing");
        error.Message.ShouldBe("SyntaxError: bad thing");
        var stack = error.JsStack.ShouldNotBeNull();
        stack.ShouldContain("at explode (/virtual/boom.js:2:9)");
        error.StackTrace.ShouldNotBeNull().ShouldContain("/virtual/boom.js:2:9");
        error.ShouldBeAssignableTo<Runner.Extensible.Scripting.ScriptException>()!.ErrorName.ShouldBe("SyntaxError");
    }

    [Fact]
    public async Task An_error_passed_back_into_javascript_is_the_same_object()
    {
        await using var env = await EngineRequirement.StartAsync();
        var error = await Should.ThrowAsync<JsException>(() => env.EvalAsync("globalThis.original = new Error('once'); throw original"));

        using var rethrow = (await env.EvalAsync("(p) => p.catch(e => e === globalThis.original)")).ShouldBeOfType<JsFunctionHandle>();

        (await rethrow.InvokeAsync(Task.FromException(error))).ShouldBe(true);
    }

    [Fact]
    public async Task Node_errors_carry_their_code()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<JsException>(() => env.EvalAsync("require('fs').readFileSync('/definitely/not/here')"));

        error.Code.ShouldBe("ENOENT");
    }

    [Fact]
    public async Task Throwing_a_non_error_value_keeps_the_value()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<JsException>(() => env.EvalAsync("throw 42"));

        error.JsName.ShouldBeEmpty();
        error.JsMessage.ShouldBe("42");
        error.Message.ShouldBe("42");
        error.ThrownValue.ShouldBe(new ThrownPrimitive(42d));
    }

    [Fact]
    public async Task A_syntax_error_in_a_script_is_reported()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<JsException>(() => env.EvalAsync("let = = 1"));

        error.JsName.ShouldBe("SyntaxError");
    }

    [Fact]
    public async Task The_environment_keeps_working_after_an_error()
    {
        await using var env = await EngineRequirement.StartAsync();
        await Should.ThrowAsync<JsException>(() => env.EvalAsync("null.boom"));

        (await env.EvalAsync("'still fine'")).ShouldBe("still fine");
    }
}
