using System.Diagnostics;
using Runner.Extensible.EndToEnd.Tests.Support;
using Runner.Extensible.Scripting;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Stdio;

/// <summary>
/// The stdio transport when Vite restarts inside its host (a config change) and when the host dies. Its contract
/// (plugins/Runner.Extensible.Transports.Stdio/README.md): a child that exits is reported at once with its exit code and
/// last stderr lines, and a new one is started (AutoRestart), after which the same runner imports again.
/// </summary>
public sealed class StdioHostFailureTests : IAsyncLifetime
{
    private ViteApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = EndToEndApp.Create();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_Vite_restart_inside_the_host_keeps_the_connection_and_the_next_import_works()
    {
        await using var scope = RunnerScope.Create(_app, runner => runner.UseStdio(_app.Root));
        await scope.ImportHmrEntryAsync();
        (await scope.ImportAsync("/src/main.ts")).Get<double>("sum").ShouldBe(3);

        // Saving the config makes Vite restart the server inside the same host process.
        scope.Edit("vite.config.ts", ("export default {", "// saved again by the test: Vite restarts\nexport default {"));
        await scope.Logs.WaitForAsync("server restarted.", TimeSpan.FromSeconds(30));

        scope.Transport.Events.OfType<ConnectionLost>().ShouldBeEmpty();
        // The restarted server says (an all:true notice) that it knows none of the modules the runner holds: the runner
        // reloads its entry points by itself and HMR resumes.
        await scope.HotUpdatesResumeByThemselvesAsync();
        (await scope.ImportAsync("/src/dyn/lazy.ts")).Get<string>("lazy").ShouldBe("lazy (relative literal)");
        (await scope.ImportAsync("/src/main.ts")).Get<double>("product").ShouldBe(12);
        StdioHost.StartedPids(scope).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_host_that_dies_mid_import_fails_the_import_at_once_and_is_restarted_for_the_next_import()
    {
        await using var scope = RunnerScope.Create(_app, runner => runner.UseStdio(_app.Root));
        await scope.ImportHmrEntryAsync();
        (await scope.ImportAsync("/src/main.ts")).Get<double>("sum").ShouldBe(3);

        var import = scope.Runner.ImportAsync("virtual:e2e-slow", TestContext.Current.CancellationToken);
        await scope.Transport.WaitForCustomAsync("e2e:slow-load-started");
        var clock = Stopwatch.StartNew();
        var pid = StdioHost.Kill(scope);

        var failure = await Should.ThrowAsync<Exception>(() => import.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine($"failed {clock.ElapsedMilliseconds} ms after the kill: {failure.GetType().Name}: {failure.Message}");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the import must fail when the host exits, not after the 60 s invoke timeout");
        failure.ShouldNotBeOfType<TimeoutException>();
        failure.Message.ShouldContain("fetchModule");
        failure.Message.ShouldContain("virtual:e2e-slow");
        failure.Message.ShouldContain("the stdio transport is starting a new one");

        // The exit is reported with its code; then a new host starts by itself and the same runner imports again.
        var lost = await scope.Transport.WaitForEventAsync<ConnectionLost>(1, "the transport to report the exit");
        lost.Reason.ShouldNotBeNull().Message.ShouldContain($"node pid {pid}) exited unexpectedly with code 137");
        await scope.Transport.WaitForEventAsync<ConnectionBack>(1, "the transport to restart the host", TimeSpan.FromSeconds(30));
        var pids = StdioHost.StartedPids(scope);
        pids.Count.ShouldBe(2, scope.Logs.Describe());
        pids[1].ShouldNotBe(pid);

        (await scope.ImportAsync("/src/dyn/lazy.ts")).Get<string>("lazy").ShouldBe("lazy (relative literal)");
        var math = await scope.ImportAsync("/src/math.ts");
        (await math.InvokeAsync<double>("add", 2, 5)).ShouldBe(7);
        (await scope.ImportAsync("/src/main.ts")).Get<double>("product").ShouldBe(12);
        scope.Transport.Events.OfType<ConnectionLost>().ShouldHaveSingleItem();

        // The new host knows none of the modules the runner holds: the runner reloads its entry points by itself and
        // HMR resumes without another import.
        await scope.HotUpdatesResumeByThemselvesAsync();
    }
}
