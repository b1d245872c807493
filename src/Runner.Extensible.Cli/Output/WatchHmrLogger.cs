using Runner.Extensible.Cli.Running;
using Runner.Extensible.Hmr;

namespace Runner.Extensible.Cli.Output;

/// <summary>
/// The HMR client's messages in <c>--watch</c>: one short line per update (<c>[hmr] hot updated: /src/a.ts</c>,
/// <c>[hmr] program reload</c>), and failures with their mapped stack.
/// </summary>
internal sealed class WatchHmrLogger(ToolOutput output) : IHmrLogger
{
    /// <summary>The prefix of HMR lines.</summary>
    public const string Prefix = "[hmr] ";

    public void Debug(string message)
    {
        // "connected." only says the transport is up; the startup line already did.
        if (message == "connected.") return;
        output.Raw(Prefix + message);
    }

    public void Error(string message, Exception? exception = null)
    {
        if (exception is not null && ScriptFailure.ProcessExitCode(exception) is { } code)
        {
            output.Raw($"{Prefix}the module called process.exit({code}) while re-running; still watching");
            return;
        }
        // Vite's logger gets the bare message of a failed re-run ("see errors above"); show where it failed, mapped.
        if (exception is not null && !message.Contains('\n', StringComparison.Ordinal) && ScriptFailure.Describe(exception) is { } described && described.Contains(message, StringComparison.Ordinal))
        {
            output.Raw(Prefix + "error: " + described);
            return;
        }
        output.Raw(Prefix + message);
    }
}
