using System.Diagnostics;
using Runner.Extensible.EndToEnd.Tests.Support;
using Runner.Extensible.Scripting;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Stdio;

/// <summary>
/// The stdio transport after module code started a child process in the embedded Node. libuv used to take SIGCHLD from
/// .NET then and reset it to the default once its child was gone (shared/docs/v8-engine-notes.md rule 6), after which
/// .NET never learnt that its own children exited. The V8 plugin now shares the signal with .NET (its README), so the
/// Vite host, a .NET child, is still seen to exit: a crash is reported with its real exit code, and a dispose leaves no
/// zombie behind.
/// </summary>
public sealed class StdioSigchldTests : IAsyncLifetime
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

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
    public async Task A_host_that_dies_mid_import_after_module_code_ran_a_child_process_is_reported_with_its_exit_code()
    {
        await using var scope = await StartRunnerThatRanAChildProcessAsync();

        var import = scope.Runner.ImportAsync("virtual:e2e-slow", TestContext.Current.CancellationToken);
        await scope.Transport.WaitForCustomAsync("e2e:slow-load-started");
        var clock = Stopwatch.StartNew();
        var pid = StdioHost.Kill(scope);

        var failure = await Should.ThrowAsync<Exception>(() => import.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine($"failed {clock.ElapsedMilliseconds} ms after the kill: {failure.Message}");
        clock.Elapsed.ShouldBeLessThan(Prompt);
        failure.Message.ShouldContain("fetchModule");
        failure.Message.ShouldContain("virtual:e2e-slow");

        // .NET saw the exit itself: the report carries the exit code of the kill (128 + SIGKILL), not "its stdout closed".
        var lost = await scope.Transport.WaitForEventAsync<ConnectionLost>(1, "the transport to report the exit");
        lost.Reason.ShouldNotBeNull().Message.ShouldContain($"node pid {pid}) exited unexpectedly with code 137");
    }

    [Fact]
    public async Task Disposing_the_runner_after_module_code_ran_a_child_process_ends_the_host_at_once_and_reaps_it()
    {
        var scope = await StartRunnerThatRanAChildProcessAsync();
        var pid = StdioHost.StartedPids(scope).ShouldHaveSingleItem();

        var clock = Stopwatch.StartNew();
        await scope.DisposeAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"disposed in {clock.ElapsedMilliseconds} ms");

        clock.Elapsed.ShouldBeLessThan(Prompt);
        // .NET reaps the host when it learns of its exit; a zombie would mean SIGCHLD never reached it.
        var reaped = Stopwatch.StartNew();
        while (ProcessState(pid) != "gone" && reaped.Elapsed < Prompt) await Task.Delay(20, TestContext.Current.CancellationToken);
        ProcessState(pid).ShouldBe("gone");
    }

    /// <summary>A stdio runner whose module code ran a child process; checks that SIGCHLD was left alone.</summary>
    private async Task<RunnerScope> StartRunnerThatRanAChildProcessAsync()
    {
        var scope = RunnerScope.Create(_app, runner => runner.UseStdio(_app.Root));
        await scope.ImportAsync("/src/math.ts");
        // .NET handles SIGCHLD since it started the host; the engine has started too.
        var before = SigchldDisposition.Current();
        before.IsDefault.ShouldBeFalse();

        var spawner = await scope.ImportAsync("/src/e2e/spawn-child.ts");
        (await spawner.InvokeAsync<string>("runChildProcess")).ShouldBe("child ran");

        SigchldDisposition.Current().Handler.ShouldBe(before.Handler, $"module code running a child process must leave SIGCHLD alone (now {SigchldDisposition.Current()}, was {before})");
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
