using Runner.Extensible.Scripting;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// Builds a script error's <c>stack</c> text the way Vite's <c>prepareStackTrace</c> does: the header
/// <c>"&lt;name||Error&gt;: &lt;message||''&gt;"</c>, then <c>"\n    at &lt;frame&gt;"</c> per frame, the frames mapped through
/// the runner's interceptor. Evaluators call it from their engine's stack hook.
/// </summary>
/// <remarks>Depends only on contract types, so an evaluator that references only the contracts can copy it.</remarks>
public static class SourceMapSupport
{
    /// <summary>The first line of a stack: <c>name: message</c>, with <c>Error</c> for an empty name.</summary>
    /// <param name="errorName">The error's <c>name</c>.</param>
    /// <param name="errorMessage">The error's <c>message</c>.</param>
    public static string FormatHeader(string? errorName, string? errorMessage) =>
        $"{(string.IsNullOrEmpty(errorName) ? "Error" : errorName)}: {errorMessage ?? ""}";

    /// <summary>Maps the frames (when an interceptor is given) and formats the whole stack.</summary>
    /// <param name="interceptor">The runner's interceptor, or <c>null</c> when source maps are off.</param>
    /// <param name="header">The first line, usually from <see cref="FormatHeader"/>.</param>
    /// <param name="frames">The engine's frames, innermost first.</param>
    /// <returns>The stack text, for example <c>Error: boom\n    at Module.f (/src/a.ts:6:9)</c>.</returns>
    public static string FormatMappedStack(this ISourceMapInterceptor? interceptor, string header, IReadOnlyList<ScriptStackFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(frames);
        var mapped = interceptor is null ? frames : interceptor.MapStackTrace(frames);
        return ScriptStackFrame.FormatStack(header, mapped);
    }

    /// <summary>Maps the frames (when an interceptor is given) and formats the whole stack with a <c>name: message</c> header.</summary>
    /// <param name="interceptor">The runner's interceptor, or <c>null</c> when source maps are off.</param>
    /// <param name="errorName">The error's <c>name</c>.</param>
    /// <param name="errorMessage">The error's <c>message</c>.</param>
    /// <param name="frames">The engine's frames, innermost first.</param>
    public static string FormatMappedStack(this ISourceMapInterceptor? interceptor, string? errorName, string? errorMessage, IReadOnlyList<ScriptStackFrame> frames) =>
        interceptor.FormatMappedStack(FormatHeader(errorName, errorMessage), frames);
}
