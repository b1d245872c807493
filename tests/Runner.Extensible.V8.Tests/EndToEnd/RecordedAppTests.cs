using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.EndToEnd;

/// <summary>
/// The fixture app as a real Vite 8.3.8 server transformed it (TypeScript, inline source maps, externals),
/// run by the core runner in V8: every value must equal what Vite's own runner observed in Node.
/// </summary>
public sealed class RecordedAppTests
{
    private static readonly string Root = RecordedFixtures.FixtureRoot;

    [Fact]
    public async Task The_fixture_app_runs_in_V8_and_exports_what_Vites_runner_observed()
    {
        var observed = RecordedFixtures.Load("runner-import-main.json").GetProperty("observed");
        var after = observed.GetProperty("afterImport");
        await using var scope = V8RunnerScope.Create(RecordedFixtures.Server());

        var main = await scope.ImportAsync("/src/main.ts");

        main.GetKeys().ShouldBe(after.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!), ignoreOrder: true);
        main.Get<double>("sum").ShouldBe(after.GetProperty("sum").GetDouble());
        main.Get<double>("product").ShouldBe(after.GetProperty("product").GetDouble());
        main.Get<double>("area").ShouldBe(after.GetProperty("area").GetDouble(), 0.001);
        // Named, default, namespace and re-exported bindings, export * with a local name winning.
        var reexports = (IScriptObject)main.GetProperty("reexports")!;
        var expected = after.GetProperty("reexports");
        reexports.GetKeys().ShouldBe(expected.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!), ignoreOrder: true);
        (await reexports.InvokeAsync<double>("plus", 2, 3)).ShouldBe(expected.GetProperty("plus").GetDouble());
        (await reexports.InvokeAsync<double>("times", 2, 3)).ShouldBe(expected.GetProperty("times").GetDouble());
        reexports.Get<string>("starA").ShouldBe(expected.GetProperty("starA").GetString());
        reexports.Get<string>("shadowed").ShouldBe(expected.GetProperty("shadowed").GetString());
        ((IScriptObject)reexports.GetProperty("ns")!).GetKeys().ShouldBe(expected.GetProperty("nsKeys").EnumerateArray().Select(k => k.GetString()!), ignoreOrder: true);
        // Circular imports.
        main.Get<string>("a").ShouldBe(after.GetProperty("a").GetString());
        main.Get<string>("bSawA").ShouldBe(after.GetProperty("bSawA").GetString());
        (await main.InvokeAsync<string>("readBLater")).ShouldBe(after.GetProperty("readBLater").GetString());
        // Builtins, data: URLs, externalized ESM and CommonJS packages from node_modules, a virtual module.
        main.Get<string>("joined").ShouldBe(after.GetProperty("joined").GetString());
        main.Get<string>("dataValue").ShouldBe(after.GetProperty("dataValue").GetString());
        main.Get<string>("esmValue").ShouldBe(after.GetProperty("esmValue").GetString());
        main.Get<string>("cjsValue").ShouldBe(after.GetProperty("cjsValue").GetString());
        main.Get<string>("fromVirtual").ShouldBe(after.GetProperty("fromVirtual").GetString());
        main.Get<double>("virtualDefault").ShouldBe(after.GetProperty("virtualDefault").GetDouble());
        var legacy = (IScriptObject)main.GetProperty("legacy")!;
        legacy.Get<string>("kind").ShouldBe(after.GetProperty("legacy").GetProperty("kind").GetString());
        // import.meta.
        var meta = (IScriptObject)main.GetProperty("meta")!;
        meta.Get<string>("url").ShouldBe(after.GetProperty("meta").GetProperty("url").GetString());
        meta.Get<string>("filename").ShouldBe(after.GetProperty("meta").GetProperty("filename").GetString());
        meta.Get<string>("mode").ShouldBe(after.GetProperty("meta").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Dynamic_imports_and_live_bindings_behave_as_in_Vite()
    {
        var observed = RecordedFixtures.Load("runner-import-main.json").GetProperty("observed");
        await using var scope = V8RunnerScope.Create(RecordedFixtures.Server());
        var main = await scope.ImportAsync("/src/main.ts");

        var dynamic = (object?[])(await main.GetFunction("loadDynamic").InvokeAsync())!;
        await main.GetFunction("increment").InvokeAsync();

        dynamic.ShouldBe(observed.GetProperty("dynamic").EnumerateArray().Select(e => (object?)e.GetString()));
        main.Get<double>("count").ShouldBe(observed.GetProperty("countAfterIncrement").GetDouble());
        (await scope.ImportAsync("/src/main.ts")).ShouldBeSameAs(main);
    }

    [Fact]
    public async Task A_typescript_error_shows_the_original_ts_line_and_column()
    {
        var expected = RecordedFixtures.Load("runner-import-main.json").GetProperty("observed").GetProperty("throwError");
        await using var scope = V8RunnerScope.Create(RecordedFixtures.Server());
        var main = await scope.ImportAsync("/src/main.ts");

        // Vite's recording called it as main.throwError(), so the frame has the Module receiver.
        var error = await Should.ThrowAsync<ScriptException>(() => main.ShouldBeOfType<JsObjectHandle>().CallMethodAsync("throwError"));

        error.ErrorName.ShouldBe(expected.GetProperty("name").GetString());
        error.ErrorMessage.ShouldBe(expected.GetProperty("message").GetString());
        var frame = expected.GetProperty("fixtureFrames")[0].GetString()!; // at Module.throwError (<root>/src/throws.ts:8:9)
        error.ScriptStack.ShouldNotBeNull().ShouldContain("\n    " + frame);
        error.StackTrace.ShouldNotBeNull().ShouldContain(frame);
    }

    [Fact]
    public async Task A_module_that_throws_on_evaluation_rethrows_the_same_error_with_its_ts_position()
    {
        var attempts = RecordedFixtures.Load("runner-import-errors.json").GetProperty("observed").GetProperty("attempts");
        await using var scope = V8RunnerScope.Create(RecordedFixtures.Server());

        var first = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/errors/throws-on-eval.ts"));
        var second = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/errors/throws-on-eval.ts"));

        first.ErrorMessage.ShouldBe(attempts[0].GetProperty("error").GetProperty("message").GetString());
        first.ScriptStack.ShouldNotBeNull().ShouldContain("\n    " + attempts[0].GetProperty("error").GetProperty("fixtureFrames")[0].GetString());
        second.ShouldBeSameAs(first);
    }

    [Fact]
    public async Task A_module_that_loops_forever_is_stopped_by_the_time_limit_and_the_runner_keeps_working()
    {
        var server = RecordedFixtures.Server();
        server.AddModule("/src/forever.ts", "let spins = 0;\nwhile (true) { spins++ }\n", $"{Root}/src/forever.ts", $"{Root}/src/forever.ts", "/src/forever.ts");
        await using var scope = V8RunnerScope.Create(server, configure: o => o.ExecutionTimeLimit = TimeSpan.FromMilliseconds(300));

        await Should.ThrowAsync<TimeoutException>(() => scope.ImportAsync("/src/forever.ts"));

        var main = await scope.ImportAsync("/src/main.ts");
        main.Get<double>("sum").ShouldBe(3);
    }

    [Fact]
    public async Task Process_exit_in_a_module_leaves_the_host_and_the_runner_alive()
    {
        var server = RecordedFixtures.Server();
        server.AddModule("/src/exits.ts", "process.exit(1);\n", $"{Root}/src/exits.ts", $"{Root}/src/exits.ts", "/src/exits.ts");
        await using var scope = V8RunnerScope.Create(server);

        var error = await Should.ThrowAsync<JsProcessExitException>(() => scope.ImportAsync("/src/exits.ts"));

        error.ExitCode.ShouldBe(1);
        (await scope.ImportAsync("/src/main.ts")).Get<double>("product").ShouldBe(12);
    }
}
