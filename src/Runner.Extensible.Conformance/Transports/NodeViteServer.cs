using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Conformance;

/// <summary>
/// A real Vite 8 dev server with the project's plugin on 127.0.0.1, run by Node from the kit's embedded script on
/// its own copy of the fixture app (edits stay there). Commands go over the child's stdin; it exits when stdin
/// closes, so a crashed test run leaves no server behind.
/// </summary>
internal sealed class NodeViteServer : ConformanceViteServer
{
    private const string ReadyPrefix = "RX-CONFORMANCE-READY ";
    private const string DonePrefix = "RX-CONFORMANCE-DONE ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly string _script;
    private readonly string _project;
    private readonly string _node;
    private readonly string _token;
    private readonly StringBuilder _stderr = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> _pending = [];
    private Process? _process;
    private int _sequence;
    private ViteServerConnection? _connection;

    private NodeViteServer(string folder, string project, string node)
    {
        _folder = folder;
        _project = project;
        _node = node;
        _token = "conformance-" + Guid.NewGuid().ToString("N");
        _script = Path.Combine(folder, "vite-server.mjs");
        Root = ConformanceApp.CopyTo(folder);
        File.WriteAllText(_script, ConformanceApp.ReadResource("Transports/vite-server.mjs"));
    }

    /// <summary>The copy of the fixture app the server serves.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public override ViteServerConnection Connection => _connection ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Starts a server on a fresh copy of the fixture app.</summary>
    /// <param name="project">A folder whose node_modules has vite and the plugin.</param>
    /// <param name="node">The Node executable.</param>
    public static async Task<NodeViteServer> StartAsync(string project, string node)
    {
        var folder = Path.Combine(Path.GetTempPath(), "runner-extensible-conformance-vite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var server = new NodeViteServer(folder, project, node);
        try
        {
            await server.LaunchAsync(port: 0).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override Task BroadcastAsync(HotPayload payload) =>
        CommandAsync($"\"cmd\":\"broadcast\",\"payload\":{ProtocolJson.Serialize(payload)}");

    /// <inheritdoc />
    public override Task BroadcastAsync(IReadOnlyList<HotPayload> payloads) =>
        CommandAsync($"\"cmd\":\"broadcast-many\",\"payloads\":[{string.Join(",", payloads.Select(ProtocolJson.Serialize))}]");

    /// <inheritdoc />
    public override Task EditAsync(string relativeFile, string search, string replacement) =>
        CommandAsync($"\"cmd\":\"edit\",\"file\":{JsonSerializer.Serialize(relativeFile)},\"search\":{JsonSerializer.Serialize(search)},\"replacement\":{JsonSerializer.Serialize(replacement)}");

    /// <inheritdoc />
    public override async Task<int> CountConnectionsAsync() => (await CommandAsync("\"cmd\":\"connections\"").ConfigureAwait(false)).GetProperty("count").GetInt32();

    /// <inheritdoc />
    public override async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task RestartAsync()
    {
        await KillAsync().ConfigureAwait(false);
        var port = Connection.WebSocketUrl.Port;
        // The port can linger for a moment after the kill; retry briefly.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await LaunchAsync(port).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                try
                {
                    process.StandardInput.Close();
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Vite may still hold a file for a moment; the temp folder is the OS's to clean then.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task LaunchAsync(int port)
    {
        var start = new ProcessStartInfo(_node)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var argument in new[] { _script, "--root", Root, "--modules", _project, "--token", _token, "--port", port.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_node}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start Node ('{_node}'): {e.Message}. The transport suite runs a real Vite 8 server; install Node.js 20.19 or later, or override TransportConformanceFixture.NodeExecutable.", e);
        }
        lock (_stderr) _stderr.Clear();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() => ReadStdoutAsync(process, ready));
        _process = process;
        JsonElement info;
        try
        {
            info = await ready.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            string output;
            lock (_stderr) output = _stderr.ToString();
            throw new InvalidOperationException($"The conformance kit's Vite server did not start: {e.Message}\n{output}", e);
        }
        _connection = new ViteServerConnection(
            new Uri(info.GetProperty("websocket").GetString()!),
            new Uri(info.GetProperty("http").GetString()!),
            _token,
            Root);
    }

    private async Task ReadStdoutAsync(Process process, TaskCompletionSource<JsonElement> ready)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    ready.TrySetResult(JsonDocument.Parse(line[ReadyPrefix.Length..]).RootElement.Clone());
                }
                else if (line.StartsWith(DonePrefix, StringComparison.Ordinal))
                {
                    var answer = JsonDocument.Parse(line[DonePrefix.Length..]).RootElement.Clone();
                    TaskCompletionSource<JsonElement>? waiting;
                    lock (_pending)
                    {
                        _pending.Remove(answer.GetProperty("seq").GetInt32(), out waiting);
                    }
                    waiting?.TrySetResult(answer);
                }
            }
        }
        finally
        {
            ready.TrySetException(new InvalidOperationException($"Node exited before the server was ready (exit code {(process.HasExited ? process.ExitCode : -1)})."));
            lock (_pending)
            {
                foreach (var waiting in _pending.Values) waiting.TrySetException(new InvalidOperationException("The conformance kit's Vite server stopped."));
                _pending.Clear();
            }
        }
    }

    private async Task<JsonElement> CommandAsync(string body)
    {
        var process = _process is { HasExited: false } running ? running : throw new InvalidOperationException("The conformance kit's Vite server is not running.");
        var sequence = Interlocked.Increment(ref _sequence);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending) _pending[sequence] = answer;
        await process.StandardInput.WriteLineAsync($"{{\"seq\":{sequence},{body}}}").ConfigureAwait(false);
        await process.StandardInput.FlushAsync().ConfigureAwait(false);
        var result = await answer.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (result.TryGetProperty("error", out var error)) throw new InvalidOperationException("The conformance kit's Vite server: " + error.GetString());
        return result;
    }
}
