using Runner.Extensible.Cli.Commands;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Cli.Running;

/// <summary>What a failure to start the runner (Vite, the connection, or the engine) means for the tool.</summary>
internal static class StartupFailure
{
    /// <summary>Turns a start-up failure into the tool's message and exit code.</summary>
    public static CliFailure From(Exception error)
    {
        var transport = error as TransportException ?? error.InnerException as TransportException;
        if (transport is not null)
        {
            var code = transport.Message.Contains("cannot find the \"vite\" package", StringComparison.Ordinal) ? ExitCodes.ViteNotFound
                : transport.Message.Contains("needs Node.js", StringComparison.Ordinal) ? ExitCodes.NodeNotFound
                : ExitCodes.ServerUnavailable;
            return new CliFailure(code, transport.Message, transport);
        }
        if (error is DllNotFoundException or EntryPointNotFoundException || error.Message.Contains("setup-libnode", StringComparison.Ordinal))
            return new CliFailure(ExitCodes.EngineUnavailable, $"the embedded V8 engine cannot start: {error.Message}", error);
        if (error is InvalidOperationException)
            return new CliFailure(ExitCodes.ServerUnavailable, error.Message, error);
        return new CliFailure(ExitCodes.EngineUnavailable, $"the runner could not start: {error.GetType().Name}: {error.Message}", error);
    }
}
