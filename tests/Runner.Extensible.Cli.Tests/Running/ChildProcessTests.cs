using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Running;

/// <summary>
/// Module code that starts child processes, inside a tool whose stdio transport started the Vite child through
/// System.Diagnostics.Process. Before the V8 plugin shared SIGCHLD between .NET and libuv, libuv reset SIGCHLD when
/// the module's last child exited, .NET no longer noticed the Vite child exit, and this run ended about 10 s late
/// (5 s wait for Vite, a kill, 5 s more).
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
        result.Stderr.ShouldMatch(@"The Vite stdio host \(pid \d+\) stopped");
        result.Stderr.ShouldNotContain("killing its process tree");
        result.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8), result.ToString());
    }
}
