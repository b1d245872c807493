namespace Runner.Extensible.Cli.Output;

/// <summary>
/// The tool's own lines. They all go to stderr, so that stdout carries only what the module prints and can be piped.
/// Writes are serialised with the progress indicator, which redraws the same stderr line.
/// </summary>
internal sealed partial class ToolOutput(TextWriter error, bool errorIsTerminal)
{
    /// <summary>The prefix of the tool's lines.</summary>
    public const string Prefix = "vite-dotnet: ";

    private readonly Lock _gate = new();
    private bool _progressShown;

    /// <summary>Whether stderr is a terminal (progress is animated there).</summary>
    public bool IsTerminal { get; } = errorIsTerminal;

    /// <summary>The process's console.</summary>
    public static ToolOutput ForConsole() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>
    /// <paramref name="text"/> without terminal colour codes when stderr is not a terminal (Vite colours its error
    /// frames whatever the output is).
    /// </summary>
    public string Plain(string text) => IsTerminal ? text : AnsiEscapes().Replace(text, "");

    [System.Text.RegularExpressions.GeneratedRegex(@"\u001b\[[0-9;]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex AnsiEscapes();

    /// <summary>A line of the tool (<c>vite-dotnet: …</c>).</summary>
    public void Line(string text) => Raw(Prefix + text);

    /// <summary>An error line (<c>vite-dotnet: error: …</c>).</summary>
    public void Error(string text) => Raw(Prefix + "error: " + text);

    /// <summary>Text written as is (a script stack, an HMR line).</summary>
    public void Raw(string text)
    {
        lock (_gate)
        {
            ClearProgressLocked();
            error.WriteLine(text);
            error.Flush();
        }
    }

    /// <summary>Draws (or redraws) the transient progress line; terminals only.</summary>
    public void Progress(string text)
    {
        if (!IsTerminal) return;
        lock (_gate)
        {
            error.Write("\r\u001b[2K" + text);
            error.Flush();
            _progressShown = true;
        }
    }

    /// <summary>Removes the progress line, if shown.</summary>
    public void ClearProgress()
    {
        lock (_gate) ClearProgressLocked();
    }

    private void ClearProgressLocked()
    {
        if (!_progressShown) return;
        error.Write("\r\u001b[2K");
        error.Flush();
        _progressShown = false;
    }
}
