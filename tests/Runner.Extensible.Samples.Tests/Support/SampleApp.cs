using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Runner.Extensible.Samples.Tests.Support;

/// <summary>
/// The SSR sample running as its own process, on a copy of its <c>ClientApp</c> that the test may edit. The copy lives
/// under the test's output folder, inside the repository, so Node finds Vite and Preact in the root node_modules.
/// </summary>
internal sealed partial class SampleApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleApp(Process process, string clientApp)
    {
        _process = process;
        ClientApp = clientApp;
    }

    /// <summary>The process id of the sample.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the sample is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The client app copy the sample serves.</summary>
    public string ClientApp { get; }

    /// <summary>Where the sample listens.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Everything the sample logged so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<SampleApp> StartAsync()
    {
        var clientApp = Path.Combine(AppContext.BaseDirectory, "work", Guid.NewGuid().ToString("N")[..12], "ClientApp");
        Copy(new DirectoryInfo(Path.Combine(Metadata("SsrSampleDirectory"), "ClientApp")), clientApp);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Metadata("SsrSampleDirectory"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Metadata("SsrSampleAssembly"), "--urls", "http://127.0.0.1:0", "--Vite:Root", clientApp })
            start.ArgumentList.Add(argument);
        var app = new SampleApp(Process.Start(start)!, clientApp);
        _ = app.PumpAsync(app._process.StandardOutput);
        _ = app.PumpAsync(app._process.StandardError);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (ListeningOn().Match(app.Output) is { Success: true } match)
            {
                app.Address = new Uri(match.Groups[1].Value);
                return app;
            }
            if (app._process.HasExited) break;
            await Task.Delay(100);
        }
        var output = app.Output;
        await app.DisposeAsync();
        throw new InvalidOperationException("The SSR sample did not start listening:\n" + output);
    }

    /// <summary>Replaces text in a file of the client app copy, as an editor saves it.</summary>
    public void Edit(string relative, string search, string replacement, string? suffix = null)
    {
        var file = Path.Combine(ClientApp, relative);
        var text = File.ReadAllText(file);
        if (!text.Contains(search, StringComparison.Ordinal)) throw new InvalidOperationException($"{relative} does not contain \"{search}\"");
        // A temporary file renamed over the target, as editors save: a plain rewrite truncates first, and the
        // watcher may then report two changes for one save.
        File.WriteAllText(file + ".rx-tmp", text.Replace(search, replacement, StringComparison.Ordinal) + suffix);
        File.Move(file + ".rx-tmp", file, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the app shuts down as under a service manager, which also stops its Vite child.
            _ = kill(_process.Id, 15);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(ClientApp)!, recursive: true);
        }
        catch (IOException)
        {
            // Under bin/, git-ignored; a straggling watcher may hold it for a moment.
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output) _output.AppendLine(line);
        }
    }

    private static string Metadata(string key) =>
        typeof(SampleApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.GetFiles()) file.CopyTo(Path.Combine(target, file.Name));
        foreach (var directory in source.GetDirectories())
        {
            if (directory.Name == "node_modules") continue;
            Copy(directory, Path.Combine(target, directory.Name));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
