using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Cli.Running;

/// <summary>Reads what an exception from the runner means for the tool: the text to print and the exit code.</summary>
internal static class ScriptFailure
{
    /// <summary>
    /// The code the module asked for with <c>process.exit(n)</c>, when <paramref name="error"/> is the V8 engine's report
    /// of it. The engine's exception type is internal to the V8 plugin, so it is recognised by name and read by reflection.
    /// </summary>
    public static int? ProcessExitCode(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e.GetType().Name == "JsProcessExitException" && e.GetType().GetProperty("ExitCode")?.GetValue(e) is int code)
                return code;
        }
        return null;
    }

    /// <summary>
    /// What to print for a failed import: the script stack (already mapped to the original sources by the runner), the
    /// server's error for a module Vite could not transform or find, or the message.
    /// </summary>
    public static string Describe(Exception error) => error switch
    {
        ScriptException { ScriptStack: { Length: > 0 } stack } => stack,
        ScriptException script => script.Message,
        InvokeErrorException invoke => DescribeServerError(invoke),
        ModuleRunnerException runner => runner.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => error.GetType().Name + ": " + error.Message,
    };

    /// <summary>Whether the failure is the connection's, not the module's.</summary>
    public static bool IsTransportFailure(Exception error) => error is TransportException || error.InnerException is TransportException;

    private static string DescribeServerError(InvokeErrorException error)
    {
        // Vite's stack starts with "Name: message"; print it whole when it does, or the headline before it.
        var headline = $"{error.ErrorName}: {error.Message}";
        if (error.ServerStack is not { Length: > 0 } stack) return headline;
        return stack.StartsWith(error.ErrorName, StringComparison.Ordinal) ? stack : headline + Environment.NewLine + stack;
    }
}
