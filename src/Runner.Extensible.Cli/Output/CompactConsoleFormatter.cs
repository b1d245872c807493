using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Runner.Extensible.Cli.Output;

/// <summary>Settings of <see cref="CompactConsoleFormatter"/>.</summary>
internal sealed class CompactConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Print informational entries and exception details too.</summary>
    public bool Verbose { get; set; }
}

/// <summary>
/// One line per log entry, in the tool's own voice (<c>vite-dotnet: warning: …</c>). Quiet unless verbose: only
/// warnings, errors and the lines Vite itself wrote to its stderr get through.
/// </summary>
internal sealed class CompactConsoleFormatter(IOptionsMonitor<CompactConsoleFormatterOptions> options)
    : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name.</summary>
    public const string FormatterName = "vite-dotnet";

    /// <summary>The stdio transport's category; its event 3 is a line Vite wrote to stderr.</summary>
    public const string StdioCategory = "Runner.Extensible.Transports.Stdio.StdioTransport";

    private const int ViteStderrEventId = 3;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var verbose = options.CurrentValue.Verbose;
        var isViteOutput = logEntry.Category == StdioCategory && logEntry.EventId.Id == ViteStderrEventId;
        if (!verbose && logEntry.LogLevel < LogLevel.Warning && !isViteOutput) return;

        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (isViteOutput)
        {
            // Vite's own words, as it prints them ("vite: " is the transport's prefix).
            textWriter.WriteLine(message.StartsWith("vite: ", StringComparison.Ordinal) ? message["vite: ".Length..] : message);
            return;
        }
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };
        textWriter.Write(ToolOutput.Prefix + level + message);
        if (logEntry.Exception is { } exception)
            textWriter.Write(verbose ? Environment.NewLine + exception : $" ({exception.GetType().Name}: {exception.Message})");
        textWriter.WriteLine();
    }
}
