using Runner.Extensible.Scripting;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// Turns script stack frames back into original <c>file:line:col</c> (Vite's <c>sourcemapInterceptor</c>).
/// The runner's default decodes the inline source maps Vite appends to each module and honours
/// <c>retrieveFile</c>/<c>retrieveSourceMap</c>; evaluators call it for every error stack.
/// </summary>
/// <remarks>Called on an evaluator's engine thread while an error is being created: must be fast and must not block on that thread.</remarks>
public interface ISourceMapInterceptor
{
    /// <summary>
    /// Maps frames, innermost first, to original positions. A frame that cannot be mapped is returned
    /// unchanged; the result has the same number of frames.
    /// </summary>
    /// <param name="frames">The generated frames as the engine reported them.</param>
    IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames);
}
