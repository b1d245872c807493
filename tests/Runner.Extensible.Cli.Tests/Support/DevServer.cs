using System.Diagnostics;
using System.Text.Json;

namespace Runner.Extensible.Cli.Tests.Support;

/// <summary>A running Vite dev server with the runner-extensible plugin (<c>Fixtures/dev-server.mjs</c>) on a project copy.</summary>
internal sealed class DevServer : IAsyncDisposable
{
    private readonly Process _process;

    private DevServer(Process process, string origin, string token)
    {
        _process = process;
        Origin = origin;
        Token = token;
    }

    /// <summary>The server's address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Origin { get; }

    /// <summary>The plugin's token.</summary>
    public string Token { get; }

    public static async Task<DevServer> StartAsync(string root)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.DevServerScript);
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(root);
        var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("RX-READY ", StringComparison.Ordinal)) continue;
                using var ready = JsonDocument.Parse(line["RX-READY ".Length..]);
                return new DevServer(process, ready.RootElement.GetProperty("origin").GetString()!, ready.RootElement.GetProperty("token").GetString()!);
            }
        }
        catch (OperationCanceledException)
        {
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("dev-server.mjs did not become ready:\n" + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        // The script closes Vite (and removes its connection file) when its stdin ends.
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
