using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>
/// A real Vite 8 dev server with the runner-extensible plugin (<c>server/vite-server.mjs</c>) on 127.0.0.1, in a node
/// child process the tests can broadcast through, kill and restart.
/// </summary>
internal sealed class ViteServer : IAsyncDisposable
{
    private const string ReadyPrefix = "RX-READY ";
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ViteServer(Process process, int port, Uri webSocketUrl, Uri httpUrl)
    {
        _process = process;
        Port = port;
        WebSocketUrl = webSocketUrl;
        HttpUrl = httpUrl;
    }

    public int Port { get; }

    public Uri WebSocketUrl { get; }

    public Uri HttpUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts a server on <paramref name="root"/>; <paramref name="port"/> 0 picks a free port.</summary>
    public static async Task<ViteServer> StartAsync(string root, string token, int port = 0)
    {
        RepoPaths.RequireVite();
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { RepoPaths.ServerScript, "--root", root, "--token", token, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) continue;
                using var info = JsonDocument.Parse(line[ReadyPrefix.Length..]);
                var server = new ViteServer(
                    process,
                    info.RootElement.GetProperty("port").GetInt32(),
                    new Uri(info.RootElement.GetProperty("websocket").GetString()!),
                    new Uri(info.RootElement.GetProperty("http").GetString()!));
                lock (stderr) server._stderr.Append(stderr);
                return server;
            }
        }
        catch (OperationCanceledException)
        {
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        string output;
        lock (stderr) output = stderr.ToString();
        throw new InvalidOperationException($"The test Vite server did not start (exit code {process.ExitCode}):\n{output}");
    }

    /// <summary>Makes the server send <paramref name="payload"/> to every connected runner (<c>environment.hot.send</c>).</summary>
    public async Task BroadcastAsync(HotPayload payload)
    {
        var command = $"{{\"cmd\":\"broadcast\",\"payload\":{ProtocolJson.Serialize(payload)}}}";
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Restarts Vite in place (<c>server.restart()</c>, what a config change does) and waits until it listens again.</summary>
    public async Task RestartAsync()
    {
        await _process.StandardInput.WriteLineAsync("""{"cmd":"restart"}""");
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "RX-RESTARTED") return;
        }
        throw new InvalidOperationException("The test Vite server ended while restarting.");
    }

    /// <summary>A port that was free a moment ago, for a server that must keep its URL across restarts.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the server abruptly, as a crash would (no close frames, no goodbye).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is TimeoutException or IOException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
