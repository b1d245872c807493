using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Running;

/// <summary><c>--watch</c>: edits re-run the module through HMR, in place or by re-running the entry.</summary>
public sealed class WatchTests
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Edits_apply_in_place_when_accepted_and_rerun_the_entry_otherwise_until_terminated()
    {
        using var project = FixtureCopy.Create();
        await using var tool = ToolProcess.Start(project.Root, ["run", "src/watch/main.ts", "--watch", "--verbose"]);
        (await tool.WaitForLineAsync(l => l == "entry ran: value 1, label one", LineTimeout)).ShouldNotBeNull(Dump(tool));
        (await tool.WaitForLineAsync(l => l.EndsWith("watching for changes (Ctrl+C to stop)", StringComparison.Ordinal), LineTimeout)).ShouldNotBeNull(Dump(tool));

        // label.ts accepts its own updates: only it runs again, the entry does not.
        await EditUntilSeenAsync(tool, project, "src/watch/label.ts", "'one'", "'two'", "label module ran: two");
        (await tool.WaitForLineAsync(l => l == "[hmr] hot updated: /src/watch/label.ts", LineTimeout)).ShouldNotBeNull(Dump(tool));
        tool.Stdout.Count(l => l.Text.StartsWith("entry ran:", StringComparison.Ordinal)).ShouldBe(1, Dump(tool));

        // value.ts accepts nothing and neither does the entry: Vite asks for a full reload, the entry runs again.
        await EditUntilSeenAsync(tool, project, "src/watch/value.ts", "= 1", "= 2", "entry ran: value 2, label two");
        (await tool.WaitForLineAsync(l => l == "[hmr] program reload", LineTimeout)).ShouldNotBeNull(Dump(tool));

        var host = await tool.WaitForLineAsync(l => l.Contains("Started the Vite stdio host (node pid ", StringComparison.Ordinal), LineTimeout);
        var nodePid = int.Parse(host.ShouldNotBeNull().Text.Split("node pid ")[1].Split(')')[0]);

        tool.Terminate();
        var result = await tool.WaitForExitAsync(TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(130, result.ToString());
        result.Stderr.ShouldContain($"The Vite stdio host (pid {nodePid}) stopped");
        result.Stderr.ShouldNotContain("killing its process tree");
        ProcessIsGone(nodePid).ShouldBeTrue($"the Vite child {nodePid} outlived the tool\n{result}");
    }

    /// <summary>
    /// Writes the edit and waits for its effect; writes it again (with a new trailing comment) if Vite's file watcher,
    /// still scanning a fresh copy, missed it.
    /// </summary>
    private static async Task EditUntilSeenAsync(ToolProcess tool, FixtureCopy project, string file, string search, string replacement, string expectedLine)
    {
        var original = File.ReadAllText(project.PathOf(file));
        original.ShouldContain(search);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            project.Write(file, original.Replace(search, replacement, StringComparison.Ordinal) + $"// edit {attempt}\n");
            if (await tool.WaitForLineAsync(l => l == expectedLine, TimeSpan.FromSeconds(4)) is not null) return;
        }
        throw new ShouldAssertException($"editing {file} never printed \"{expectedLine}\"\n{Dump(tool)}");
    }

    private static bool ProcessIsGone(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return true;
        try
        {
            // A zombie has exited; only its parent's bookkeeping is left.
            return File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string Dump(ToolProcess tool) =>
        "--- stdout\n" + string.Join("\n", tool.Stdout.Select(l => l.Text)) + "\n--- stderr\n" + string.Join("\n", tool.Stderr.Select(l => l.Text));
}
