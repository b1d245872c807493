using System.Diagnostics;
using Runner.Extensible.EndToEnd.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Stdio;

/// <summary>The node child a stdio runner started, found through the transport's own log.</summary>
internal static class StdioHost
{
    /// <summary>The pids of every stdio host the runner started, from "Started the Vite stdio host (node pid …)".</summary>
    public static IReadOnlyList<int> StartedPids(RunnerScope scope) =>
        scope.Logs.Entries
            .Where(e => e.Message.StartsWith("Started the Vite stdio host", StringComparison.Ordinal) && e.Values.ContainsKey("Pid"))
            .Select(e => (int)e.Values["Pid"]!)
            .ToList();

    /// <summary>Kills the runner's (only) stdio host abruptly, as a crash would.</summary>
    public static int Kill(RunnerScope scope)
    {
        var pid = StartedPids(scope).ShouldHaveSingleItem(scope.Logs.Describe());
        using var process = Process.GetProcessById(pid);
        process.Kill(entireProcessTree: true);
        return pid;
    }
}
