namespace Runner.Extensible.Scripting;

/// <summary>
/// A script threw (or a promise rejected). Carries the script error's name, message and stack; the stack
/// has already been rewritten to original source positions by the runner's source-map interceptor, and
/// <see cref="StackTrace"/> shows it ahead of the .NET frames.
/// </summary>
public class ScriptException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorName">The script error's <c>name</c> (<c>Error</c>, <c>TypeError</c>, …).</param>
    /// <param name="errorMessage">The script error's <c>message</c>.</param>
    /// <param name="scriptStack">The script stack text (mapped when a source map applied), or <c>null</c>.</param>
    /// <param name="thrownValue">The engine's thrown value, so that the evaluator can rethrow the same instance.</param>
    /// <param name="inner">A .NET exception the script error wraps, if any.</param>
    public ScriptException(string errorName, string errorMessage, string? scriptStack, object? thrownValue = null, Exception? inner = null)
        : base(string.IsNullOrEmpty(errorName) ? errorMessage : $"{errorName}: {errorMessage}", inner)
    {
        ErrorName = errorName;
        ErrorMessage = errorMessage;
        ScriptStack = scriptStack;
        ThrownValue = thrownValue;
    }

    /// <summary>The script error's <c>name</c>.</summary>
    public string ErrorName { get; }

    /// <summary>The script error's <c>message</c>.</summary>
    public string ErrorMessage { get; }

    /// <summary>The script stack (header and frames), mapped to original sources where possible.</summary>
    public string? ScriptStack { get; }

    /// <summary>The <c>code</c> property of the script error, when it had one (for example <c>ERR_LOAD_URL</c>).</summary>
    public string? Code { get; init; }

    /// <summary>The engine value that was thrown; opaque outside the evaluator that produced it.</summary>
    public object? ThrownValue { get; }

    /// <summary>The script stack followed by the .NET stack.</summary>
    public override string? StackTrace =>
        ScriptStack is null ? base.StackTrace : ScriptFramesOnly(ScriptStack) + (base.StackTrace is { } net ? Environment.NewLine + net : "");

    private static string ScriptFramesOnly(string stack)
    {
        var firstFrame = stack.IndexOf("\n    at ", StringComparison.Ordinal);
        return firstFrame < 0 ? stack : stack[(firstFrame + 1)..];
    }
}
