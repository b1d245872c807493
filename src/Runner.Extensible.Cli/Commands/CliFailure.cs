namespace Runner.Extensible.Cli.Commands;

/// <summary>A failure the tool reports as one line and an exit code (bad arguments, missing entry, node or vite).</summary>
internal sealed class CliFailure(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The exit code to end with (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;
}
