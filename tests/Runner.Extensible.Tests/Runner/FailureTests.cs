using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.Transports;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class FailureTests
{
    [Fact]
    public async Task A_failed_evaluation_is_cached_and_the_same_exception_instance_is_rethrown()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/broken.ts", """
            // test:export before="before"
            // test:throw evaluation failed
            """);

        var first = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/broken.ts"));
        var second = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/broken.ts"));

        second.ShouldBeSameAs(first);
        first.ErrorMessage.ShouldBe("evaluation failed");
        scope.Evaluator.EvaluationCount("/root/src/broken.ts").ShouldBe(1);
        var node = scope.Runner.EvaluatedModules.GetModuleById("/root/src/broken.ts")!;
        node.IsEvaluated.ShouldBeTrue();
        node.Exports!.GetProperty("before").ShouldBe("before");
        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, true]);
    }

    [Fact]
    public async Task A_failing_dependency_fails_its_importers_and_leaves_other_modules_intact()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModule("/src/good.ts", "// test:export good=1")
            .AddModule("/src/main.ts", """
                const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/good.ts");
                const __vite_ssr_import_1__ = await __vite_ssr_import__("/src/broken.ts");
                """)
            .AddModule("/src/broken.ts", "// test:throw broken");
        var good = await scope.ImportAsync("/src/good.ts");

        var ex = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/main.ts"));
        ex.ErrorMessage.ShouldBe("broken");
        var again = await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/main.ts"));
        again.ShouldBeSameAs(ex);

        (await scope.ImportAsync("/src/good.ts")).ShouldBeSameAs(good);
        scope.Evaluator.EvaluationCount("/root/src/good.ts").ShouldBe(1);
    }

    [Fact]
    public async Task Editing_a_failed_module_lets_it_evaluate_again()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/broken.ts", "// test:throw broken");
        await Should.ThrowAsync<ScriptException>(() => scope.ImportAsync("/src/broken.ts"));

        scope.Server.Edit("/src/broken.ts", "// test:export fixed=true");

        (await scope.ImportAsync("/src/broken.ts")).GetProperty("fixed").ShouldBe(true);
    }

    [Fact]
    public async Task A_result_without_code_fails_with_Vites_message_naming_the_importer()
    {
        await using var scope = RunnerScope.Create();
        scope.Server
            .AddModuleWithoutCode("/src/empty.ts")
            .AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/empty.ts");""");

        var top = await Should.ThrowAsync<ModuleRunnerException>(() => scope.ImportAsync("/src/empty.ts"));
        top.Message.ShouldBe("""[module runner] Failed to load "/src/empty.ts" """.TrimEnd());

        scope.Runner.ClearCache();
        var nested = await Should.ThrowAsync<ModuleRunnerException>(() => scope.ImportAsync("/src/main.ts"));
        nested.Message.ShouldBe("""[module runner] Failed to load "/src/empty.ts" imported from /root/src/main.ts""");
        nested.Url.ShouldBe("/src/empty.ts");
    }

    [Fact]
    public async Task A_module_that_does_not_exist_surfaces_the_server_error_with_its_url_and_is_not_cached()
    {
        await using var scope = RunnerScope.Create();

        var ex = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/nope.ts"));

        ex.Message.ShouldBe("Failed to load url /src/nope.ts (resolved id: /src/nope.ts). Does the file exist?");
        ex.Code.ShouldBe("ERR_LOAD_URL");
        ex.Method.ShouldBe("fetchModule");
        ex.ServerStack.ShouldNotBeNull().ShouldContain("handleInvoke");
        scope.Runner.EvaluatedModules.Modules.ShouldBeEmpty();

        scope.Server.AddModule("/src/nope.ts", "// test:export now=\"exists\"");
        (await scope.ImportAsync("/src/nope.ts")).GetProperty("now").ShouldBe("exists");
    }

    [Fact]
    public async Task A_missing_dependency_fails_the_importer_with_the_server_message()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/main.ts", """const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/missing.ts");""");

        var ex = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/main.ts"));

        ex.Message.ShouldContain("/src/missing.ts");
        scope.Server.FetchCalls.Last().Importer.ShouldBe("/root/src/main.ts");
    }

    [Theory]
    [InlineData("""{"code":"x"}""", "\"id\"")]
    [InlineData("""[1,2]""", "expected an object")]
    [InlineData("""{"externalize":42,"type":"module"}""", "\"externalize\"")]
    [InlineData("""{"id":"/root/x.ts","code":"x","invalidate":true}""", "\"url\"")]
    public async Task A_malformed_fetch_result_is_a_protocol_error_naming_the_method_and_url(string result, string reason)
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/good.ts", "// test:export good=1").AddRawResult("/src/bad.ts", result);
        var good = await scope.ImportAsync("/src/good.ts");

        var ex = await Should.ThrowAsync<ProtocolException>(() => scope.ImportAsync("/src/bad.ts"));

        ex.Message.ShouldStartWith("""fetchModule for "/src/bad.ts" returned a malformed result:""");
        ex.Message.ShouldContain(reason);
        (await scope.ImportAsync("/src/good.ts")).ShouldBeSameAs(good);
    }

    [Fact]
    public async Task A_fetch_result_of_nothing_is_a_protocol_error()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.Intercept = call => Task.FromResult<JsonElement?>(call.Method == "fetchModule" ? JsonDocument.Parse("{}").RootElement : null);

        var ex = await Should.ThrowAsync<ProtocolException>(() => scope.ImportAsync("/src/a.ts"));

        ex.Message.ShouldStartWith("""fetchModule for "/src/a.ts" returned no result""");
    }

    [Theory]
    [InlineData(TransportFlavor.Duplex)]
    [InlineData(TransportFlavor.Invoke)]
    public async Task A_transport_that_throws_gives_a_transport_error_naming_the_call_and_the_runner_recovers(TransportFlavor flavor)
    {
        await using var scope = RunnerScope.Create(flavor: flavor);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1").AddModule("/src/b.ts", "// test:export b=1");
        await scope.ImportAsync("/src/a.ts");

        scope.Transport.FailWith = new IOException("pipe broken");
        var ex = await Should.ThrowAsync<TransportException>(() => scope.ImportAsync("/src/b.ts"));
        ex.Message.ShouldContain("\"fetchModule\" for \"/src/b.ts\"");
        ex.Message.ShouldContain("pipe broken");
        ex.InnerException.ShouldBeOfType<IOException>();

        scope.Transport.FailWith = null;
        (await scope.ImportAsync("/src/b.ts")).GetProperty("b").ShouldBe(1d);
        scope.Evaluator.EvaluationCount("/root/src/a.ts").ShouldBe(1);
    }

    [Fact]
    public async Task A_server_error_sent_as_a_bare_string_is_an_unknown_invoke_error()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.Intercept = call => Task.FromResult<JsonElement?>(call.Method == "fetchModule" ? JsonDocument.Parse("""{"error":"oops"}""").RootElement : null);

        var ex = await Should.ThrowAsync<InvokeErrorException>(() => scope.ImportAsync("/src/a.ts"));

        ex.Message.ShouldBe("Unknown invoke error");
    }

    [Fact]
    public async Task Unknown_and_unexpected_payloads_are_ignored_and_the_runner_keeps_working()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Duplex.Push("""{"type":"future-thing","x":1}""");
        scope.Duplex.Push("""{"type":"bundled-dev-update","whatever":true}""");
        scope.Duplex.Push("""{"type":"custom","event":"vite:invoke","data":{"id":"response:unknown-id","data":{"result":1}}}""");
        scope.Duplex.Push("""{"type":"custom","event":"vite:invoke","data":{"noId":true}}""");

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        scope.Hot!.Enqueued.Select(p => p.Type).ShouldBe(["connected", "future-thing", "bundled-dev-update", "custom"]);
        scope.Logs.Messages.ShouldContain(m => m.Contains("unknown type \"future-thing\""));
    }

    [Fact]
    public async Task An_HMR_client_that_throws_while_queueing_does_not_break_delivery()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        scope.Hot!.EnqueueFailure = new InvalidOperationException("hmr bug");

        scope.Duplex.Push("""{"type":"full-reload"}""");

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        scope.Logs.Entries.ShouldContain(e => e.Exception is InvalidOperationException && e.Message.Contains("failed to queue a \"full-reload\" payload"));
    }
}
