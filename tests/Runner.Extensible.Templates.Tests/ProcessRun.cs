using System.Diagnostics;
using System.Text;

namespace Runner.Extensible.Templates.Tests;

/// <summary>A finished child process: its exit code and everything it printed, interleaved.</summary>
internal sealed record ProcessRun(string Command, int ExitCode, string Output, TimeSpan Took)
{
    /// <summary>The last lines of the output, for failure messages (build logs are long).</summary>
    public string Tail(int lines = 60)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Throws, with the command and the output's tail, unless the process exited with 0.</summary>
    public ProcessRun ShouldSucceed()
    {
        ExitCode.ShouldBe(0, $"`{Command}` failed (exit {ExitCode}) after {Took.TotalSeconds:F0} s:\n{Tail()}");
        return this;
    }

    /// <summary>Runs a process to completion, killing it (and its children) after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessRun> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var command = $"{fileName} {string.Join(' ', start.ArgumentList)} (in {workingDirectory})";
        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(output, $"[killed after {timeout.TotalSeconds:F0} s]");
            return new ProcessRun(command, -1, Snapshot(output), watch.Elapsed);
        }
        // WaitForExit without a timeout also waits for the redirected streams to drain.
        process.WaitForExit();
        return new ProcessRun(command, process.ExitCode, Snapshot(output), watch.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.Append(line).Append('\n');
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
