using System.Diagnostics;
using System.Threading.Channels;
using Runner.Extensible.Cli.Commands;
using Runner.Extensible.Cli.Output;

namespace Runner.Extensible.Cli.Running;

/// <summary>
/// <c>vite-dotnet run</c>: starts the runner, imports the entry, and ends as Node would — when the module's work is
/// done, with its exit code — or, with <c>--watch</c>, keeps running until Ctrl+C while HMR re-runs it.
/// </summary>
internal sealed class EntryRun(RunSettings settings, ToolOutput output)
{
    /// <summary>How often the tool asks the engine whether timers or sockets still keep the module alive.</summary>
    private static readonly TimeSpan EventLoopPollInterval = TimeSpan.FromMilliseconds(20);

    private readonly Channel<Exception> _laterErrors = Channel.CreateUnbounded<Exception>();

    /// <summary>Runs and returns the exit code. <paramref name="cancellationToken"/> is Ctrl+C.</summary>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        if (settings.Transport == TransportKind.Stdio) CheckPrerequisites();

        RunnerSession session;
        var startup = Stopwatch.StartNew();
        var what = settings.Transport == TransportKind.Stdio ? "starting Vite" : $"connecting to Vite over {Name(settings.Transport)}";
        await using (var progress = ProgressIndicator.Start(output, what))
        {
            try
            {
                session = await RunnerSession.StartAsync(settings, output, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (Exception e) when (e is not CliFailure)
            {
                throw StartupFailure.From(e);
            }
        }

        await using (session.ConfigureAwait(false))
        {
            session.Errors.ErrorReported += error => _laterErrors.Writer.TryWrite(error);
            var probe = await ScriptProbe.LoadAsync(session.Runner, cancellationToken).ConfigureAwait(false);
            output.Line(StartupLine(probe));
            if (settings.Verbose) output.Line($"ready in {startup.ElapsedMilliseconds} ms");

            var exitCode = await ImportEntryAsync(session, cancellationToken).ConfigureAwait(false);
            session.Fetches.ShowProgress = false;
            if (settings.Watch) exitCode = await WatchAsync(cancellationToken).ConfigureAwait(false);
            else if (exitCode == ExitCodes.Success) exitCode = await WaitUntilDoneAsync(probe, cancellationToken).ConfigureAwait(false);
            return exitCode;
        }
    }

    private void CheckPrerequisites()
    {
        if (NodeLocator.Find() is null)
            throw new CliFailure(ExitCodes.NodeNotFound, "node is not on PATH; vite-dotnet starts Vite with it. Install Node.js 20.19 or later (Debian: apt-get install nodejs)");
        if (ViteInstallation.Find(settings.Root) is null)
            throw new CliFailure(ExitCodes.ViteNotFound, $"cannot find the vite package from {settings.Root}; install it there: npm install --save-dev vite@8");
    }

    /// <summary>Imports the entry; prints a failure as Node would and returns the exit code.</summary>
    private async Task<int> ImportEntryAsync(RunnerSession session, CancellationToken cancellationToken)
    {
        var url = settings.EntryUrl;
        var started = Stopwatch.StartNew();
        try
        {
            await session.Runner.ImportAsync(url, cancellationToken).ConfigureAwait(false);
            if (settings.Verbose) output.Line($"imported {url} in {started.ElapsedMilliseconds} ms");
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (ScriptFailure.ProcessExitCode(e) is { } code)
        {
            if (settings.Watch) output.Line($"the module called process.exit({code}); still watching");
            return code;
        }
        catch (Exception e) when (ScriptFailure.IsTransportFailure(e))
        {
            output.Error(e.Message);
            return ExitCodes.ServerUnavailable;
        }
        catch (Exception e)
        {
            output.Raw(output.Plain(ScriptFailure.Describe(e)));
            return ExitCodes.ModuleFailed;
        }
    }

    /// <summary>
    /// After the entry's top level finished: waits, as Node does, while timers, sockets or child processes keep the
    /// module alive, then ends with <c>process.exitCode</c>. A later uncaught error or <c>process.exit()</c> ends it at once.
    /// </summary>
    private async Task<int> WaitUntilDoneAsync(ScriptProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (_laterErrors.Reader.TryRead(out var error)) return ReportLater(error);
                var (exitCode, pending) = await probe.ReadStateAsync().ConfigureAwait(false);
                if (pending.Count == 0)
                {
                    // Work that ended last may have reported an error on its way out.
                    if (_laterErrors.Reader.TryRead(out error)) return ReportLater(error);
                    return exitCode ?? ExitCodes.Success;
                }
                await Task.Delay(EventLoopPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    private int ReportLater(Exception error)
    {
        if (ScriptFailure.ProcessExitCode(error) is { } code) return code;
        output.Raw("Uncaught " + ScriptFailure.Describe(error));
        return ExitCodes.ModuleFailed;
    }

    /// <summary><c>--watch</c>: HMR re-runs the module (the HMR logger prints a line per update) until Ctrl+C.</summary>
    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        output.Line("watching for changes (Ctrl+C to stop)");
        try
        {
            await foreach (var error in _laterErrors.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ScriptFailure.ProcessExitCode(error) is { } code) output.Line($"the module called process.exit({code}); still watching");
                else output.Raw("Uncaught " + ScriptFailure.Describe(error));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        return ExitCodes.Interrupted;
    }

    private string StartupLine(ScriptProbe probe)
    {
        var vite = RunnerSession.ViteVersionOf(settings) is { } version ? $"Vite {version}" : "Vite";
        var where = settings.Transport == TransportKind.Stdio
            ? $"started {vite} over stdio in {settings.Root}"
            : $"connected to {vite} over {Name(settings.Transport)}{(settings.Server is { } server ? " at " + server : "")}";
        var context = settings.NodeApis ? "" : ", bare context without Node APIs";
        return $"{where}; engine: V8 {probe.V8Version} in-process (libnode {probe.NodeVersion}{context})";
    }

    private static string Name(TransportKind transport) => transport switch
    {
        TransportKind.WebSocket => "WebSocket",
        TransportKind.Http => "HTTP",
        _ => "stdio",
    };
}
