using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class HmrWiringTests
{
    [Fact]
    public async Task Non_RPC_payloads_reach_the_HMR_client_in_order_and_RPC_responses_never_do()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Duplex.Push("""{"type":"update","updates":[{"type":"js-update","timestamp":1,"path":"/src/a.ts","acceptedPath":"/src/a.ts","explicitImportRequired":false,"isWithinCircularImport":false}]}""");
        await scope.ImportAsync("/src/a.ts");
        scope.Duplex.Push("""{"type":"prune","paths":["/src/a.ts"]}""");
        scope.Duplex.Push("""{"type":"custom","event":"my:event","data":{"n":1}}""");

        scope.Hot!.Enqueued.Select(p => p.Type).ShouldBe(["connected", "update", "prune", "custom"]);
        scope.Hot.Enqueued.ShouldNotContain(p => p is CustomPayload && ((CustomPayload)p).Event == InvokeRequest.EventName);
    }

    [Fact]
    public async Task The_HMR_client_gets_the_runner_as_host_and_the_configured_logger()
    {
        var logger = new RecordingHmrLogger();
        await using var scope = RunnerScope.Create(fakeHmr: true, configure: c => c with { HmrLogger = logger });

        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Hot!.Logger.ShouldBeSameAs(logger);
        scope.Hot.Host.ShouldBeSameAs(scope.Runner);
        scope.Hot.Host.EvaluatedModules.ShouldBeSameAs(scope.Runner.EvaluatedModules);
    }

    [Fact]
    public async Task Without_a_configured_logger_the_HMR_client_logs_through_the_runner_logger_factory()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Hot!.Logger.Debug("connected.");

        scope.Logs.Entries.ShouldContain(e => e.Category == "Runner.Extensible.Hmr" && e.Message == "[vite] (test) connected." && e.Level == Microsoft.Extensions.Logging.LogLevel.Information);
    }

    [Fact]
    public async Task Each_module_instance_gets_a_hot_context_keyed_by_its_server_url()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        scope.Server.AddModule("/@fs/root/src/a.ts", "// test:export a=1", id: "/root/src/a.ts", serverUrl: "/src/a.ts");

        await scope.ImportAsync("/@fs/root/src/a.ts");
        scope.Server.Edit("/@fs/root/src/a.ts", "// test:export a=2");
        await scope.ImportAsync("/@fs/root/src/a.ts");

        scope.Hot!.Contexts.Select(c => c.OwnerPath).ShouldBe(["/src/a.ts", "/src/a.ts"]);
        var metas = scope.Evaluator.AllContexts.Select(c => c.ImportMeta.Hot).ToList();
        metas.ShouldBe(scope.Hot.Contexts.Cast<IHotContext?>().ToList());
    }

    [Fact]
    public async Task With_HMR_off_modules_have_no_hot_context_and_payloads_are_ignored()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");
        scope.Duplex.Push("""{"type":"full-reload"}""");

        scope.Evaluator.Contexts["/root/src/a.ts"].ImportMeta.Hot.ShouldBeNull();
        scope.Runner.HotUpdates.ShouldBeNull();
    }

    [Fact]
    public async Task Clear_cache_clears_the_HMR_state_and_close_detaches_the_client()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Runner.ClearCache();
        scope.Hot!.ClearCount.ShouldBe(1);

        await scope.Runner.CloseAsync();
        scope.Hot.ClearCount.ShouldBe(2);
        scope.Runner.HotUpdates.ShouldBeNull();
    }

    [Fact]
    public async Task The_HMR_host_imports_through_the_runner_and_sends_through_the_transport()
    {
        await using var scope = RunnerScope.Create(fakeHmr: true);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        IHmrRunnerHost host = scope.Runner;

        var exports = await host.ImportAsync("/src/a.ts", TestContext.Current.CancellationToken);
        await host.SendAsync(new CustomPayload("vite:invalidate", ProtocolJson.ToElement(new { path = "/src/a.ts", message = (string?)null, firstInvalidatedBy = "/src/a.ts" })), TestContext.Current.CancellationToken);

        exports.GetProperty("a").ShouldBe(1d);
        host.IsClosed.ShouldBeFalse();
        scope.Duplex.RunnerPayloads.ShouldBe(["""{"type":"custom","event":"vite:invalidate","data":{"path":"/src/a.ts","firstInvalidatedBy":"/src/a.ts"}}"""]);
    }

    [Fact]
    public async Task With_the_real_HMR_client_a_recorded_full_reload_reimports_the_entry_as_Vites_runner_did()
    {
        var trace = RecordedFixtures.Load("hmr-full-reload.json");
        var afterAction = trace.GetProperty("afterAction");
        var logger = new RecordingHmrLogger();
        await using var scope = RunnerScope.Create(RecordedFixtures.Server(), configure: c => c with { Hmr = true, HmrLogger = logger });
        var root = RecordedFixtures.FixtureRoot;
        var before = await scope.ImportAsync("/src/hmr/main.ts");
        var callsBefore = scope.Server.Calls.Count;
        foreach (var exchange in afterAction.GetProperty("exchanges").EnumerateArray())
        {
            var result = exchange.GetProperty("response").GetProperty("result");
            if (result.GetProperty("invalidate").GetBoolean())
                scope.Server.Edit(exchange.GetProperty("request").GetProperty("data")[0].GetString()!, result.GetProperty("code").GetString()!);
        }

        scope.Duplex.Push(afterAction.GetProperty("serverPayloads")[0].GetRawText());
        await scope.Runner.HotUpdates!.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var expected = afterAction.GetProperty("exchanges").EnumerateArray().Select(e => e.GetProperty("request").GetProperty("data").GetRawText()).ToList();
        scope.Server.Calls.Skip(callsBefore).Select(c => System.Text.Json.Nodes.JsonNode.Parse(c.Arguments.GetRawText())!.ToJsonString())
            .ShouldBe(expected.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e)!.ToJsonString()));
        logger.Messages.ShouldBe(trace.GetProperty("runnerLog").EnumerateArray().Select(e => $"{e[0].GetString()}: {e[1].GetString()}"));
        scope.Runner.EvaluatedModules.GetModuleById($"{root}/src/hmr/main.ts")!.Exports.ShouldNotBeSameAs(before);
        scope.Evaluator.AllContexts.Where(c => c.Module.Id == $"{root}/src/hmr/plain.ts").Select(c => c.ImportMeta.Hot!.OwnerPath).ShouldBe(["/src/hmr/plain.ts", "/src/hmr/plain.ts"]);
    }
}
