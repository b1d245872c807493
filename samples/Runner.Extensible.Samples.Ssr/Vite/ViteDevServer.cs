using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Runner.Extensible.Samples.Ssr.Vite;

/// <summary>
/// The Vite dev server of the sample, a <c>node</c> child (<c>vite-dev-server.mjs</c>) started with the app: it
/// serves the client bundle to the browser and, through vite-plugin-runner-extensible, the modules the .NET runner
/// renders. It listens on a loopback port; the plugin writes its WebSocket URL and token to a connection file, which
/// the runner's transport reads.
/// </summary>
/// <remarks>
/// Vite is stopped when the container is disposed, not when the host stops: the runner, created after this service,
/// is disposed before it, so the runner disconnects first instead of seeing its server vanish.
/// </remarks>
public sealed partial class ViteDevServer(IOptions<ViteDevServerOptions> options, IHostEnvironment environment, ILogger<ViteDevServer> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly ViteDevServerOptions _options = options.Value;
    private Process? _process;

    /// <summary>The Vite project root.</summary>
    public string Root { get; } = Path.GetFullPath(options.Value.Root ?? Path.Combine(environment.ContentRootPath, "ClientApp"));

    /// <summary>The plugin's connection file (<c>node_modules/.runner-extensible/dotnet.json</c> under the root).</summary>
    public string ConnectionFile => Path.Combine(Root, "node_modules", ".runner-extensible", "dotnet.json");

    /// <summary>Where the browser loads the client bundle from, such as <c>http://127.0.0.1:5173</c>; set once started.</summary>
    public string Origin { get; private set; } = "";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        FindVite(Root);
        var script = Path.Combine(AppContext.BaseDirectory, "vite-dev-server.mjs");
        var port = _options.Port == 0 ? FreeLoopbackPort() : _options.Port;
        var start = new ProcessStartInfo(_options.NodePath)
        {
            WorkingDirectory = Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--root", Root, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        // Plain log lines (they go through ILogger).
        start.Environment["NO_COLOR"] = "1";
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start the Vite dev server with \"{_options.NodePath}\": {e.Message}. Install Node.js 20.19 or later.", e);
        }
        _ = PumpAsync(_process.StandardOutput);
        _ = PumpAsync(_process.StandardError);
        LogStarting(logger, _process.Id, Root, port);

        Origin = await WaitForConnectionFileAsync(_process, cancellationToken);
        LogReady(logger, Origin);
    }

    /// <summary>Waits until the plugin of <em>this</em> Vite (same pid) has written its connection file.</summary>
    private async Task<string> WaitForConnectionFileAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The Vite dev server exited with code {process.ExitCode} while starting; see its output above.");
            if (ReadConnectionFile() is { } file && file.Pid == process.Id) return file.Origin;
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException($"The Vite dev server did not write {ConnectionFile} within {_options.StartTimeout.TotalSeconds:0} s.");
    }

    private (int Pid, string Origin)? ReadConnectionFile()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(ConnectionFile));
            var root = document.RootElement;
            var http = new Uri(root.GetProperty("http").GetString()!);
            return (root.GetProperty("pid").GetInt32(), http.GetLeftPart(UriPartial.Authority));
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopProcessAsync();

    /// <summary>
    /// Ends Vite: closes its stdin (the launcher then closes Vite and exits), and kills it if it has not exited in time.
    /// Every wait is bounded: with V8 in this process, .NET may not hear a child exit (libuv can reset SIGCHLD when
    /// module code runs child processes of its own), so an unbounded WaitForExit could hang the shutdown.
    /// </summary>
    private async Task StopProcessAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null) return;
        try
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(_options.StopTimeout);
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception killError) when (killError is TimeoutException or InvalidOperationException or Win32Exception)
            {
                // Gone, or unkillable; nothing more to do at shutdown.
            }
        }
        LogStopped(logger, process.Id);
        process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length > 0) LogOutput(logger, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Checks that Node will find the vite package from the project root, for a clear message if not.</summary>
    private static void FindVite(string root)
    {
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "node_modules", "vite", "package.json"))) return;
        }
        throw new InvalidOperationException($"Cannot find the vite package from {root}; run `bash scripts/setup-node.sh` at the repository root (or npm install vite@8 in the project).");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting the Vite dev server (node pid {Pid}) in {Root} on port {Port}")]
    private static partial void LogStarting(ILogger logger, int pid, string root, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vite dev server ready at {Origin}")]
    private static partial void LogReady(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "vite: {Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Vite dev server (pid {Pid}) stopped")]
    private static partial void LogStopped(ILogger logger, int pid);
}
