using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Runner.Extensible.Samples.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (no browser download, no extra package): started
/// with a throw-away profile and a debugging port it picks itself, which it writes to <c>DevToolsActivePort</c>.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, int port)
    {
        _process = process;
        _profile = profile;
        DebuggingPort = port;
    }

    public int DebuggingPort { get; }

    public static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing; run `bash scripts/setup-chromium.sh` (scripts/test.sh does it through SETUP_CHROMIUM=1).");
        var profile = Directory.CreateTempSubdirectory("runner-extensible-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
            $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        // Chromium is chatty on stderr (no GPU, no D-Bus here); drain both pipes so it never blocks on them.
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (File.Exists(portFile) && File.ReadAllLines(portFile) is [var port, ..] && int.TryParse(port, out var number))
                return new HeadlessChromium(process, profile, number);
            await Task.Delay(50);
        }
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("Chromium did not open its debugging port:\n" + (process.HasExited ? await stderr : "(still running)"));
    }

    /// <summary>Connects to the page Chromium opened at start.</summary>
    public async Task<DevToolsPage> OpenPageAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{DebuggingPort}") };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var targets = await http.GetFromJsonAsync<JsonElement>("/json/list");
            foreach (var target in targets.EnumerateArray())
            {
                if (target.GetProperty("type").GetString() == "page")
                    return await DevToolsPage.ConnectAsync(new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!));
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("Chromium has no page target.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
