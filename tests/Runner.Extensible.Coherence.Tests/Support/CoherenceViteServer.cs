using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Runner.Extensible.Coherence.Tests.Support;

/// <summary>
/// <c>server/coherence-server.mjs</c> in a node child process: a real Vite 8 dev server with the plugin on 127.0.0.1,
/// and Vite's own <c>ModuleRunner</c> connected to it over the plugin's WebSocket endpoint, which the tests use as the
/// reference for what a runner should observe.
/// </summary>
internal sealed class CoherenceViteServer : IAsyncDisposable
{
    private const string ReadyPrefix = "RX-READY ";
    private const string HmrPrefix = "RX-HMR ";
    private const string ResultPrefix = "RX-RESULT ";

    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly Channel<string> _hmr = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _results = Channel.CreateUnbounded<string>();

    private CoherenceViteServer(Process process, StringBuilder stderr, string webSocketUrl, string httpUrl, string token)
    {
        _process = process;
        _stderr = stderr;
        WebSocketUrl = webSocketUrl;
        HttpUrl = httpUrl;
        Token = token;
    }

    public string WebSocketUrl { get; }

    public string HttpUrl { get; }

    public string Token { get; }

    /// <summary>What the server wrote to stderr so far (Vite's warnings and errors).</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static async Task<CoherenceViteServer> StartAsync(string root)
    {
        RepoPaths.RequireVite();
        var token = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { RepoPaths.ServerScript, "--root", root, "--token", token }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) continue;
                using var info = JsonDocument.Parse(line[ReadyPrefix.Length..]);
                var server = new CoherenceViteServer(
                    process, stderr, info.RootElement.GetProperty("websocket").GetString()!, info.RootElement.GetProperty("http").GetString()!, token);
                _ = server.ReadOutputAsync();
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
        throw new InvalidOperationException($"The coherence test server did not start (exit code {process.ExitCode}):\n{output}");
    }

    /// <summary>Forgets HMR payloads reported so far.</summary>
    public void DrainHmr()
    {
        while (_hmr.Reader.TryRead(out _)) { }
    }

    /// <summary>Waits for the next update or full-reload the environment sends; <c>null</c> after <paramref name="timeout"/>.</summary>
    public async Task<string?> NextHmrAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _hmr.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Vite's own runner imports <paramref name="url"/> and calls its export <paramref name="call"/>; returns what it returned.</summary>
    public async Task<JsonElement> ViteImportAsync(string url, string? call)
    {
        var command = JsonSerializer.Serialize(new { cmd = "import", url, call });
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await _results.Reader.ReadAsync(timeout.Token);
        using var result = JsonDocument.Parse(line);
        if (!result.RootElement.GetProperty("ok").GetBoolean())
            throw new InvalidOperationException($"Vite's runner failed to import {url}: {result.RootElement.GetProperty("error").GetString()}");
        return result.RootElement.GetProperty("value").Clone();
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(HmrPrefix, StringComparison.Ordinal)) await _hmr.Writer.WriteAsync(line[HmrPrefix.Length..]);
            else if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) await _results.Writer.WriteAsync(line[ResultPrefix.Length..]);
        }
        _hmr.Writer.TryComplete();
        _results.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
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
