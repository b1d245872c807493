using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Running;

/// <summary>
/// Module code that starts child processes, inside a tool whose stdio transport started the Vite child through
/// System.Diagnostics.Process: libuv in the embedded Node resets SIGCHLD when its last child exits, after which .NET
/// no longer notices its own child exit (v8-engine-notes.md rule 6). Before the stdio transport stopped waiting for
/// exits it cannot see, this run ended about 10 s late without the tool's guard (5 s wait for Vite, a kill, 5 s more);
/// the guard still restores .NET's handler, so the Vite child's exit (and exit code) is seen as it happens.
/// </summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task A_module_that_spawns_children_ends_promptly_and_vite_stops_cleanly()
    {
        var result = await ToolProcess.RunAsync(RepoPaths.FixtureApp, ["run", "src/spawns.ts", "--verbose"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("sync child ran");
        result.Stdout.ShouldContain("async child exited with 0");
        result.Stderr.ShouldContain("restored .NET's SIGCHLD handler after the embedded Node reset it");
        result.Stderr.ShouldMatch(@"The Vite stdio host \(pid \d+\) stopped");
        result.Stderr.ShouldNotContain("killing its process tree");
        result.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8), result.ToString());
    }
}
