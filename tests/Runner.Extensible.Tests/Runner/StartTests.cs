using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.Transports;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class StartTests
{
    [Fact]
    public async Task Start_is_idempotent_and_shared_by_concurrent_callers()
    {
        await using var scope = RunnerScope.Create();

        await Task.WhenAll(scope.Runner.StartAsync(TestContext.Current.CancellationToken), scope.Runner.StartAsync(TestContext.Current.CancellationToken));
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Evaluator.InitializeCount.ShouldBe(1);
        scope.Duplex.ConnectCount.ShouldBe(1);
        scope.Server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_first_import_starts_the_runner()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        await scope.ImportAsync("/src/a.ts");

        scope.Evaluator.InitializeCount.ShouldBe(1);
        scope.Duplex.ConnectCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_evaluator_gets_the_runner_name_logger_factory_and_no_interceptor_when_source_maps_are_off()
    {
        await using var scope = RunnerScope.Create();

        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        var host = scope.Evaluator.Host.ShouldNotBeNull();
        host.RunnerName.ShouldBe("test");
        host.LoggerFactory.ShouldBeSameAs(scope.Logs);
        host.SourceMapInterceptor.ShouldBeNull();
    }

    [Fact]
    public async Task With_source_maps_on_the_evaluator_gets_the_factory_interceptor_built_for_the_runner_graph()
    {
        EvaluatedModules? seenGraph = null;
        var interceptor = new PassThroughInterceptor();
        await using var scope = RunnerScope.Create(configure: c => c with
        {
            SourceMaps = true,
            SourceMapInterceptorFactory = graph => { seenGraph = graph; return interceptor; },
        });

        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Evaluator.Host!.SourceMapInterceptor.ShouldBeSameAs(interceptor);
        seenGraph.ShouldBeSameAs(scope.Runner.EvaluatedModules);
    }

    [Fact]
    public async Task With_source_maps_on_and_no_factory_the_evaluator_gets_the_core_interceptor()
    {
        await using var scope = RunnerScope.Create(configure: c => c with { SourceMaps = true });

        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);

        scope.Evaluator.Host!.SourceMapInterceptor.ShouldBeOfType<SourceMapInterceptor>();
    }

    [Fact]
    public async Task HMR_on_a_transport_that_cannot_push_fails_at_start_naming_the_fix()
    {
        await using var scope = RunnerScope.Create(flavor: TransportFlavor.Invoke, configure: c => c with { Hmr = true });

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => scope.Runner.StartAsync(TestContext.Current.CancellationToken));

        ex.Message.ShouldStartWith("HMR is not supported by this runner transport, but `hmr` option was set to true");
        ex.Message.ShouldContain("in-memory invoke");
        ex.Message.ShouldContain("IDuplexTransport");
        ex.Message.ShouldContain("DisableHmr()");
        ex.Message.ShouldContain("WebSocket");
        scope.Evaluator.InitializeCount.ShouldBe(0);
        await Should.ThrowAsync<InvalidOperationException>(() => scope.ImportAsync("/src/a.ts"));
    }

    [Fact]
    public async Task A_transport_that_is_neither_invoke_nor_duplex_fails_at_start()
    {
        var evaluator = new TestEvaluator();
        await using var runner = new ModuleRunner(new ModuleRunnerComponents("neither", evaluator, new UselessTransport()) { Hmr = false, SourceMaps = false });

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => runner.StartAsync(TestContext.Current.CancellationToken));

        ex.Message.ShouldStartWith("transport must implement send and connect when invoke is not implemented");
        ex.Message.ShouldContain("IInvokeTransport");
        ex.Message.ShouldContain("IDuplexTransport");
    }

    [Theory]
    [InlineData(TransportFlavor.Invoke)]
    [InlineData(TransportFlavor.InvokeAndDuplex)]
    public async Task Request_response_transports_serve_imports(TransportFlavor flavor)
    {
        await using var scope = RunnerScope.Create(flavor: flavor);
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");

        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        await scope.ImportAsync("/src/a.ts");

        scope.Server.FetchCalls.Select(c => c.Cached).ShouldBe([false, true]);
        scope.Transport.SentFrames.ShouldAllBe(f => f.Contains("\"id\":\"send\""));
    }

    [Fact]
    public async Task A_failed_connect_fails_start_and_the_next_start_tries_again()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        scope.Duplex.FailConnectWith = new IOException("connection refused");

        var ex = await Should.ThrowAsync<TransportException>(() => scope.ImportAsync("/src/a.ts"));
        ex.Message.ShouldBe("transport \"in-memory duplex\" failed to connect: connection refused");

        scope.Duplex.FailConnectWith = null;
        (await scope.ImportAsync("/src/a.ts")).GetProperty("a").ShouldBe(1d);
        scope.Evaluator.InitializeCount.ShouldBe(1);
        scope.Duplex.ConnectCount.ShouldBe(1);
    }

    private sealed class PassThroughInterceptor : ISourceMapInterceptor
    {
        public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames) => frames;
    }
}
