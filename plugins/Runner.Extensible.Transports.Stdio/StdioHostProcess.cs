using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>
/// The <c>node stdio-host.js</c> child: starting it, pumping its stderr into the log (keeping the last lines for error
/// messages), and ending it — politely by closing its stdin, then by killing its process tree.
/// </summary>
internal sealed class StdioHostProcess
{
    /// <summary>Exit code of the host when it cannot find the <c>vite</c> package (PROTOCOL.md §6).</summary>
    public const int ExitCodeViteMissing = 2;

    private const int TailLines = 20;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stderrPump;
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StdioHostProcess(Process process, string root, ILogger logger)
    {
        _process = process;
        Root = root;
        _logger = logger;
        Id = process.Id;
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The child's process id.</summary>
    public int Id { get; }

    /// <summary>The Vite root it serves.</summary>
    public string Root { get; }

    /// <summary>The child's stdout: the protocol.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The child's stdin: the protocol.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>The last lines the child wrote to stderr, oldest first.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrTail) return string.Join(Environment.NewLine, _stderrTail);
        }
    }

    /// <summary>Starts the child; throws <see cref="TransportException"/> saying how to fix a missing node or host script.</summary>
    public static StdioHostProcess Start(StdioTransportOptions options, ILogger logger)
    {
        var root = Path.GetFullPath(options.Root ?? Directory.GetCurrentDirectory());
        if (!Directory.Exists(root))
            throw new TransportException($"The Vite project root {root} does not exist; set StdioTransportOptions.Root to the folder with vite.config and node_modules.");
        var hostScript = Path.GetFullPath(options.HostScript ?? DefaultHostScript());
        if (!File.Exists(hostScript))
            throw new TransportException(
                $"The Vite stdio host script {hostScript} is missing. It ships with Runner.Extensible.Transports.Stdio under vite-plugin/ next to the assembly "
                + "(copied to the application's output); rebuild or republish the application, or set StdioTransportOptions.HostScript.");
        var node = NodeExecutable.Resolve(options.NodePath, options.EnvironmentVariables);

        var start = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = root,
            CreateNoWindow = true,
        };
        foreach (var argument in Arguments(hostScript, root, options)) start.ArgumentList.Add(argument);
        foreach (var (name, value) in options.EnvironmentVariables)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw NodeExecutable.Missing(options.NodePath, ex.Message, ex);
        }
        StdioTransportLog.Started(logger, process.Id, root);
        return new StdioHostProcess(process, root, logger);
    }

    /// <summary>Where the package puts the host script: <c>vite-plugin/bin/stdio-host.js</c> beside the application or this assembly.</summary>
    public static string DefaultHostScript()
    {
        var relative = Path.Combine("vite-plugin", "bin", "stdio-host.js");
        var besideApp = Path.Combine(AppContext.BaseDirectory, relative);
        if (File.Exists(besideApp)) return besideApp;
        // A plugin loaded from its own folder carries the script there.
        var assemblyDirectory = Path.GetDirectoryName(typeof(StdioHostProcess).Assembly.Location);
        return string.IsNullOrEmpty(assemblyDirectory) ? besideApp : Path.Combine(assemblyDirectory, relative);
    }

    /// <summary>The host's command line (PROTOCOL.md §6).</summary>
    internal static IEnumerable<string> Arguments(string hostScript, string root, StdioTransportOptions options)
    {
        yield return hostScript;
        yield return "--root";
        yield return root;
        if (!options.UseConfigFile) yield return "--no-config";
        else if (options.ConfigFile is { } config)
        {
            yield return "--config";
            yield return Path.IsPathRooted(config) ? config : Path.Combine(root, config);
        }
        if (options.Mode is { } mode)
        {
            yield return "--mode";
            yield return mode;
        }
        if (options.EnvironmentName is { } environment)
        {
            yield return "--environment";
            yield return environment;
        }
        if (!options.NodeApis) yield return "--no-node-apis";
        if (options.LogLevel is { } level)
        {
            yield return "--log-level";
            yield return level;
        }
        if (options.MaxPayloadBytes is { } max)
        {
            yield return "--max-payload-bytes";
            yield return max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) for the child to exit and for its last stderr lines; returns the exit
    /// code, or <c>null</c> when it has not exited.
    /// </summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
            await _stderrPump.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        return _process.HasExited ? _process.ExitCode : null;
    }

    /// <summary>
    /// The transport read the end of the child's stdout. That alone says the child has ended: .NET may never see the exit
    /// itself, because libuv inside an embedded Node (the V8 evaluator) takes SIGCHLD from .NET when module code starts a
    /// child process and resets it to the default afterwards (v8-engine-notes.md rule 6).
    /// </summary>
    public void OutputClosed() => _outputClosed.TrySetResult();

    /// <summary>
    /// Ends the child: closes its stdin (the host then closes Vite and exits), waits up to <paramref name="grace"/> for it
    /// to exit or close its stdout, then kills its whole process tree.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already gone.
        }
        if (!await EndedAsync(grace).ConfigureAwait(false))
        {
            StdioTransportLog.Killing(_logger, Id, grace);
            Kill();
            await EndedAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        else if (!_process.HasExited)
        {
            // Its stdout closed but .NET has not seen it exit (see OutputClosed): make sure nothing of it lingers.
            Kill();
        }
        StdioTransportLog.Stopped(_logger, Id);
        _process.Dispose();
    }

    /// <summary>Whether the child exited, or closed its stdout, within <paramref name="timeout"/>.</summary>
    private async Task<bool> EndedAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAny(_process.WaitForExitAsync(), _outputClosed.Task).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Kills the child and everything it started.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited meanwhile.
        }
    }

    private async Task PumpStderrAsync()
    {
        var reader = _process.StandardError;
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                StdioTransportLog.Stderr(_logger, line);
                lock (_stderrTail)
                {
                    _stderrTail.Enqueue(line);
                    if (_stderrTail.Count > TailLines) _stderrTail.Dequeue();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe closed with the process.
        }
    }
}
