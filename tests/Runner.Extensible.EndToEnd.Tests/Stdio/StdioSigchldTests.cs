using System.Diagnostics;
using Runner.Extensible.EndToEnd.Tests.Support;
using Runner.Extensible.Scripting;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Stdio;

/// <summary>
/// Runs alone, after the other tests: what these tests do to SIGCHLD is process-wide, and every test that starts a
/// process (the Vite servers of the other classes) would feel it.
/// </summary>
[CollectionDefinition(nameof(SigchldCollection), DisableParallelization = true)]
public sealed class SigchldCollection;

/// <summary>
/// The stdio transport after module code started a child process in the embedded Node. libuv then takes SIGCHLD from
/// .NET and resets it to the default once its child is gone (shared/docs/v8-engine-notes.md rule 6), so .NET no longer
/// learns that its own children exit: <c>Process.WaitForExit</c> never returns and exit codes stay unknown. The
/// transport must still notice that the Vite host ended, from its closed stdout, without waiting for an exit that
/// .NET cannot see. Each test restores .NET's handler when it ends.
/// </summary>
[Collection(nameof(SigchldCollection))]
public sealed class StdioSigchldTests : IAsyncLifetime
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    private ViteApp _app = null!;
    private SigchldDisposition? _dotnetHandler;

    public ValueTask InitializeAsync()
    {
        _app = EndToEndApp.Create();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        // Gives .NET its handler back (and raises SIGCHLD so it reaps what exited meanwhile) for the tests that follow.
        _dotnetHandler?.Restore();
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_host_that_dies_mid_import_fails_the_import_at_once_though_dotnet_cannot_see_it_exit()
    {
        await using var scope = await StartRunnerThatRanAChildProcessAsync();

        var import = scope.Runner.ImportAsync("virtual:e2e-slow", TestContext.Current.CancellationToken);
        await scope.Transport.WaitForCustomAsync("e2e:slow-load-started");
        var clock = Stopwatch.StartNew();
        var pid = StdioHost.Kill(scope);

        var failure = await Should.ThrowAsync<Exception>(() => import.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine($"failed {clock.ElapsedMilliseconds} ms after the kill: {failure.Message}");
        clock.Elapsed.ShouldBeLessThan(Prompt, "the closed stdout says the host is gone; waiting for an exit .NET cannot see only delays the failure");
        failure.Message.ShouldContain("fetchModule");
        failure.Message.ShouldContain("virtual:e2e-slow");
        failure.Message.ShouldContain($"node pid {pid}) exited unexpectedly");
    }

    [Fact]
    public async Task Disposing_the_runner_ends_the_host_at_once_though_dotnet_cannot_see_it_exit()
    {
        var scope = await StartRunnerThatRanAChildProcessAsync();
        var pid = StdioHost.StartedPids(scope).ShouldHaveSingleItem();

        var clock = Stopwatch.StartNew();
        await scope.DisposeAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"disposed in {clock.ElapsedMilliseconds} ms");

        clock.Elapsed.ShouldBeLessThan(Prompt, "the host closed its stdout when it exited; disposing must not wait for an exit .NET cannot see, then kill, then wait again");
        ProcessState(pid).ShouldBeOneOf("gone", "Z (zombie)");
    }

    /// <summary>A stdio runner whose module code ran a child process; checks that SIGCHLD really was reset.</summary>
    private async Task<RunnerScope> StartRunnerThatRanAChildProcessAsync()
    {
        var scope = RunnerScope.Create(_app, runner => runner.UseStdio(_app.Root));
        await scope.ImportAsync("/src/math.ts");
        // .NET installed its handler when it started the host.
        _dotnetHandler = SigchldDisposition.Current();
        _dotnetHandler.IsDefault.ShouldBeFalse();

        var spawner = await scope.ImportAsync("/src/e2e/spawn-child.ts");
        (await spawner.InvokeAsync<string>("runChildProcess")).ShouldBe("child ran");

        SigchldDisposition.Current().IsDefault.ShouldBeTrue("libuv resets SIGCHLD once its child is gone; without that these tests exercise nothing");
        return scope;
    }

    private static string ProcessState(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) S …"; the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state == "Z" ? "Z (zombie)" : state;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return "gone";
        }
    }
}
