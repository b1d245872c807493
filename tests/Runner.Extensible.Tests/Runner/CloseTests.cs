using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class CloseTests
{
    [Fact]
    public async Task After_close_imports_fail_with_Vites_message()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.ImportAsync("/src/a.ts");

        await scope.Runner.CloseAsync();

        scope.Runner.IsClosed.ShouldBeTrue();
        var ex = await Should.ThrowAsync<InvalidOperationException>(() => scope.ImportAsync("/src/a.ts"));
        ex.Message.ShouldBe("Vite module runner has been closed.");
        (await Should.ThrowAsync<InvalidOperationException>(() => scope.Runner.StartAsync(TestContext.Current.CancellationToken))).Message.ShouldBe("Vite module runner has been closed.");
    }

    [Fact]
    public async Task After_close_a_dynamic_import_in_an_evaluated_module_fails_too()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1").AddModule("/src/b.ts", "// test:export b=1");
        await scope.ImportAsync("/src/a.ts");
        await scope.ImportAsync("/src/b.ts");
        var context = scope.Evaluator.Contexts["/root/src/a.ts"];

        await scope.Runner.CloseAsync();

        var ex = await Should.ThrowAsync<InvalidOperationException>(async () => await context.DynamicImportAsync("./b.ts"));
        ex.Message.ShouldBe("Vite module runner has been closed.");
    }

    [Fact]
    public async Task Close_clears_the_cache_disconnects_and_disposes_the_evaluator_and_transport()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.ImportAsync("/src/a.ts");

        await scope.Runner.CloseAsync();
        await scope.Runner.CloseAsync();
        await scope.Runner.DisposeAsync();

        scope.Runner.EvaluatedModules.Modules.ShouldBeEmpty();
        scope.Duplex.DisconnectCount.ShouldBe(1);
        scope.Duplex.IsConnected.ShouldBeFalse();
        scope.Evaluator.IsDisposed.ShouldBeTrue();
        scope.Transport.IsDisposed.ShouldBeTrue();
    }

    [Fact]
    public async Task Close_fails_pending_calls_with_Vites_disconnect_message()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/a.ts", "// test:export a=1");
        await scope.Runner.StartAsync(TestContext.Current.CancellationToken);
        scope.Duplex.DropResponses = true;

        var pending = scope.ImportAsync("/src/a.ts");
        await RunnerScope.WaitUntilAsync(() => scope.Server.BuiltinsCallCount == 1, "getBuiltins is sent");
        await scope.Runner.CloseAsync();

        var ex = await Should.ThrowAsync<Transports.TransportException>(() => pending);
        ex.Message.ShouldBe("""transport was disconnected, cannot call "getBuiltins" """.TrimEnd());
    }

    [Fact]
    public async Task Closing_a_runner_that_never_started_disposes_its_plugins()
    {
        var scope = RunnerScope.Create();

        await scope.Runner.DisposeAsync();

        scope.Runner.IsClosed.ShouldBeTrue();
        scope.Evaluator.IsDisposed.ShouldBeTrue();
        scope.Evaluator.InitializeCount.ShouldBe(0);
        scope.Transport.IsDisposed.ShouldBeTrue();
        scope.Duplex.DisconnectCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_plugin_that_fails_while_closing_is_logged_and_closing_completes()
    {
        var logs = new CapturingLoggerFactory();
        var transport = InMemoryTransport.Duplex(new FakeViteServer());
        var runner = new ModuleRunner(new ModuleRunnerComponents("test", new ThrowingDisposeEvaluator(), transport) { Hmr = false, SourceMaps = false, LoggerFactory = logs });
        await runner.StartAsync(TestContext.Current.CancellationToken);

        await runner.CloseAsync();

        runner.IsClosed.ShouldBeTrue();
        transport.IsDisposed.ShouldBeTrue();
        logs.Entries.ShouldContain(e => e.Message.Contains("disposing the evaluator failed") && e.Exception is InvalidOperationException);
    }

    private sealed class ThrowingDisposeEvaluator : Evaluation.IModuleEvaluator
    {
        private readonly TestEvaluator _inner = new();

        public int? StartOffset => 3;

        public ValueTask InitializeAsync(Evaluation.ModuleEvaluatorHost host, CancellationToken cancellationToken) => _inner.InitializeAsync(host, cancellationToken);

        public Task<Scripting.IScriptObject> RunInlinedModuleAsync(Evaluation.IModuleEvaluationContext context, string code, Evaluation.IEvaluatedModule module, CancellationToken cancellationToken) =>
            _inner.RunInlinedModuleAsync(context, code, module, cancellationToken);

        public Task<Scripting.IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken) => _inner.RunExternalModuleAsync(url, cancellationToken);

        public ValueTask DisposeAsync() => throw new InvalidOperationException("engine already gone");
    }
}
