using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Runner.Extensible.Cli.Tests.Support;

/// <summary>One line the tool wrote, and when the test received it.</summary>
internal sealed record OutputLine(string Text, TimeSpan At);

/// <summary>
/// <c>vite-dotnet</c> running as a child process, its stdout and stderr collected line by line as they arrive (with
/// the time each arrived, so tests can tell streamed output from output written at exit).
/// </summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<OutputLine> _stdout = [];
    private readonly List<OutputLine> _stderr = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _pumps;

    private ToolProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput, _stdout), PumpAsync(process.StandardError, _stderr));
    }

    public int Id => _process.Id;

    public static ToolProcess Start(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(RepoPaths.Tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new ToolProcess(Process.Start(start)!);
    }

    /// <summary>Runs the tool to its end (failing the test after <paramref name="timeout"/>).</summary>
    public static async Task<ToolResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        await using var tool = Start(workingDirectory, arguments, environment);
        return await tool.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    public IReadOnlyList<OutputLine> Stdout
    {
        get
        {
            lock (_stdout) return _stdout.ToList();
        }
    }

    public IReadOnlyList<OutputLine> Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToList();
        }
    }

    /// <summary>Waits until a line of stdout or stderr satisfies <paramref name="match"/>; returns it, or <c>null</c> after <paramref name="timeout"/>.</summary>
    public async Task<OutputLine?> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            var found = Stdout.Concat(Stderr).Where(l => match(l.Text)).OrderBy(l => l.At).Skip(skip).FirstOrDefault();
            if (found is not null) return found;
            var left = deadline - _clock.Elapsed;
            if (left <= TimeSpan.Zero || _process.HasExited && _pumps.IsCompleted) return null;
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Sends SIGTERM (what a service manager sends; Ctrl+C goes through the same path in the tool).</summary>
    public void Terminate() => _ = kill(_process.Id, 15);

    public async Task<ToolResult> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vite-dotnet did not exit within {timeout}.\nstdout:\n{Text(Stdout)}\nstderr:\n{Text(Stderr)}");
        }
        await _pumps;
        return new ToolResult(_process.ExitCode, Stdout, Stderr, _clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, List<OutputLine> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines) lines.Add(new OutputLine(line, _clock.Elapsed));
            _changed.Release();
        }
    }

    private static string Text(IEnumerable<OutputLine> lines) => string.Join("\n", lines.Select(l => l.Text));

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

/// <summary>How a run of the tool ended.</summary>
internal sealed record ToolResult(int ExitCode, IReadOnlyList<OutputLine> StdoutLines, IReadOnlyList<OutputLine> StderrLines, TimeSpan Elapsed)
{
    public string Stdout => string.Join("\n", StdoutLines.Select(l => l.Text));

    public string Stderr => string.Join("\n", StderrLines.Select(l => l.Text));

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
