using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>A host that wrote its first payload (<c>{"type":"connected"}</c>), with the reader of its stdout.</summary>
internal sealed record ReadyHost(StdioHostProcess Process, BoundedLineReader Lines, HotPayload First);

/// <summary>
/// Starts a host and waits until it is ready, for the first connect and for every restart alike; a host that does not
/// get ready is ended, and the exception says why (exit code, last stderr lines, or how to install what is missing).
/// </summary>
internal static class StdioHostLauncher
{
    /// <summary>Starts a host; cancelling <paramref name="cancellationToken"/> kills a host still starting.</summary>
    public static async Task<ReadyHost> LaunchAsync(StdioTransportOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var host = StdioHostProcess.Start(options, logger);
        var lines = new BoundedLineReader(host.Output, options.MaxInboundMessageBytes);
        try
        {
            var first = await WaitUntilReadyAsync(host, lines, options, logger, cancellationToken).ConfigureAwait(false);
            StdioTransportLog.Ready(logger, host.Id);
            return new ReadyHost(host, lines, first);
        }
        catch
        {
            lines.Dispose();
            host.Kill();
            await host.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads until the host's first payload (<c>{"type":"connected"}</c>); explains an early exit or a timeout.</summary>
    private static async Task<HotPayload> WaitUntilReadyAsync(StdioHostProcess host, BoundedLineReader lines, StdioTransportOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(options.StartTimeout);
        try
        {
            while (true)
            {
                switch (await lines.ReadLineAsync(startup.Token).ConfigureAwait(false))
                {
                    case LineKind.End:
                        throw await ExitedBeforeReadyAsync(host).ConfigureAwait(false);
                    case LineKind.TooLong:
                        StdioTransportLog.DroppedOversized(logger, lines.SkippedBytes, options.MaxInboundMessageBytes);
                        break;
                    case LineKind.Line when lines.Line.IsEmpty:
                        break;
                    case LineKind.Line:
                        if (StdioLines.TryParse(lines.Line.Span, logger) is { } payload) return payload;
                        break;
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(
                $"Vite did not become ready within {options.StartTimeout.TotalSeconds:0.###} s (the stdio host, node pid {host.Id}, wrote no {{\"type\":\"connected\"}} line). "
                + $"Raise StdioTransportOptions.StartTimeout if the project is slow to start. Last stderr lines:{Environment.NewLine}{host.StderrTail}", ex);
        }
    }

    private static async Task<TransportException> ExitedBeforeReadyAsync(StdioHostProcess host)
    {
        var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var stderr = host.StderrTail;
        if (code == StdioHostProcess.ExitCodeViteMissing)
            return new ViteMissingException(
                $"The stdio transport cannot start Vite: the \"vite\" package is not installed in {host.Root} (nor next to the host script). "
                + $"Install it in the project: cd {host.Root} && npm install --save-dev vite@8. The host said:{Environment.NewLine}{stderr}");
        return new TransportException(
            $"The Vite stdio host (node pid {host.Id}) exited {(code is null ? "" : $"with code {code} ")}before it was ready. Last stderr lines:{Environment.NewLine}{stderr}");
    }
}
