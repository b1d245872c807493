namespace Runner.Extensible.Cli.Commands;

/// <summary>
/// The exit codes of <c>vite-dotnet</c>. The module's own outcome uses Node's codes (0, 1 for an uncaught error,
/// <c>process.exit(n)</c>/<c>process.exitCode</c> as given); the tool's own failures use codes from 64 up (as
/// sysexits.h does) so a script can tell "the module failed" from "the tool could not run it".
/// </summary>
internal static class ExitCodes
{
    /// <summary>The module ran to completion.</summary>
    public const int Success = 0;

    /// <summary>The module threw (or rejected, or an uncaught error happened later), as Node exits.</summary>
    public const int ModuleFailed = 1;

    /// <summary>Wrong command-line arguments.</summary>
    public const int BadArguments = 64;

    /// <summary>The entry file does not exist.</summary>
    public const int EntryNotFound = 66;

    /// <summary><c>node</c> is not on PATH (the stdio transport runs Vite with it).</summary>
    public const int NodeNotFound = 67;

    /// <summary>The <c>vite</c> package cannot be resolved from the project root.</summary>
    public const int ViteNotFound = 68;

    /// <summary>Vite did not start, or the server could not be reached or refused the connection.</summary>
    public const int ServerUnavailable = 69;

    /// <summary>The embedded V8 engine could not start (libnode or the native shim missing).</summary>
    public const int EngineUnavailable = 70;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The table printed by <c>--help</c>.</summary>
    public static readonly (int Code, string Meaning)[] Documented =
    [
        (Success, "the module ran to completion"),
        (ModuleFailed, "the module threw, or an uncaught error or unhandled rejection happened later"),
        (-1, "process.exit(n) or process.exitCode = n in the module: n"),
        (BadArguments, "bad command-line arguments"),
        (EntryNotFound, "the entry file does not exist"),
        (NodeNotFound, "node is not on PATH (needed to start Vite over stdio)"),
        (ViteNotFound, "the vite package cannot be found from the project root"),
        (ServerUnavailable, "Vite failed to start, or the server cannot be reached"),
        (EngineUnavailable, "the embedded V8 engine cannot start (run scripts/setup-libnode.sh)"),
        (Interrupted, "interrupted (Ctrl+C)"),
    ];
}
