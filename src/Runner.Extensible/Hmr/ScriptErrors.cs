using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>
/// Reads a .NET exception the way Vite's HMR code reads a JS error (<c>err.message</c>, <c>err.stack</c>,
/// <c>err.code</c>), so that the logged texts match what Vite prints for the same failure.
/// </summary>
internal static class ScriptErrors
{
    /// <summary>Vite's code for a failure it does not report during a full reload.</summary>
    public const string OutdatedOptimizedDep = "ERR_OUTDATED_OPTIMIZED_DEP";

    /// <summary><c>err.message</c>: the script message without the <c>Name: </c> header .NET adds.</summary>
    public static string MessageOf(Exception error) => error switch
    {
        ScriptException script => script.ErrorMessage,
        _ => error.Message,
    };

    /// <summary><c>err.stack</c>: the script (or server) stack when there is one, else the .NET text of the exception.</summary>
    public static string StackOf(Exception error) => error switch
    {
        ScriptException { ScriptStack: { } stack } => stack,
        InvokeErrorException { ServerStack: { } stack } => stack,
        _ => error.ToString(),
    };

    /// <summary><c>err.code</c>, when the error carries one.</summary>
    public static string? CodeOf(Exception error) => error switch
    {
        ScriptException script => script.Code,
        InvokeErrorException invoke => invoke.Code,
        _ => null,
    };
}
