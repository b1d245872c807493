using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// The default source-map interceptor (Vite's <c>prepareStackTrace</c> interceptor): maps every frame of a
/// script stack through the inline source maps Vite appends to module code, falling back to
/// <c>retrieveSourceMap</c>/<c>retrieveFile</c> handlers and the file system for other scripts.
/// </summary>
/// <remarks>
/// <para>Frames are processed as Vite's <c>wrapCallSite</c> does, walking from the outermost frame to the
/// innermost and carrying the caller's mapped position: the source map <c>name</c> at the call site renames
/// the callee (so a minified or wrapped function shows its original name). Native frames are unchanged;
/// the function name <c>eval</c> of a module's top-level frame is dropped when the runner's map applied, so
/// it prints as <c>at /src/file.ts:2:7</c>; an eval frame's origin is mapped; a frame no map covers is
/// returned as it was.</para>
/// <para>Thread-safe: evaluator threads call it while the runner mutates the graph. Decoded maps are cached on
/// the module nodes (and dropped when the runner invalidates a module) and, for other scripts, per script.</para>
/// </remarks>
public sealed class SourceMapInterceptor : ISourceMapInterceptor
{
    private const string EvalFunctionName = "eval";
    private readonly SourcePositionMapper _mapper;

    /// <summary>Creates the interceptor for a runner's graph.</summary>
    /// <param name="modules">The runner's graph; inline maps are read from its modules' code.</param>
    /// <param name="retrieveFile">Extra file readers, tried before the file system.</param>
    /// <param name="retrieveSourceMap">Extra source-map finders.</param>
    public SourceMapInterceptor(EvaluatedModules modules, IReadOnlyList<Func<string, string?>> retrieveFile, IReadOnlyList<Func<string, RetrievedSourceMap?>> retrieveSourceMap)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(retrieveFile);
        ArgumentNullException.ThrowIfNull(retrieveSourceMap);
        _mapper = new SourcePositionMapper(modules, retrieveFile.ToArray(), retrieveSourceMap.ToArray());
    }

    /// <inheritdoc />
    public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var mapped = new ScriptStackFrame[frames.Count];
        var state = new WalkState();
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            mapped[i] = WrapFrame(frames[i], state);
            state.Caller = state.Current;
        }
        return mapped;
    }

    private ScriptStackFrame WrapFrame(ScriptStackFrame frame, WalkState state)
    {
        if (frame.IsNative)
        {
            state.Current = null;
            return frame;
        }

        if (!string.IsNullOrEmpty(frame.FileName))
        {
            // Vite defaults a missing line to 0 and a missing column to 1 (0 once made 0-based); neither maps.
            var position = _mapper.Map(frame.FileName, frame.LineNumber ?? 0, (frame.ColumnNumber ?? 1) - 1);
            state.Current = position;
            var callerName = state.Caller?.Name;
            if (!position.IsMapped && string.IsNullOrEmpty(callerName)) return frame;

            var functionName = string.IsNullOrEmpty(callerName) ? frame.FunctionName : callerName;
            if (functionName == EvalFunctionName && position.MappedByRunner) functionName = null;
            return frame with
            {
                FunctionName = functionName,
                FileName = position.Source,
                LineNumber = position.IsMapped ? position.Line : frame.LineNumber,
                ColumnNumber = position.IsMapped ? position.Column + 1 : frame.ColumnNumber,
            };
        }

        // A frame without a script name (code given to eval): map the location its origin points at. The
        // walk state is left as it was, as in Vite.
        if (frame.IsEval && !string.IsNullOrEmpty(frame.EvalOrigin))
            return frame with { EvalOrigin = _mapper.MapEvalOrigin(frame.EvalOrigin) };
        return frame;
    }

    /// <summary>Vite's <c>{nextPosition, curPosition}</c>: the caller's mapped position and the current frame's.</summary>
    private sealed class WalkState
    {
        public MappedPosition? Caller { get; set; }

        public MappedPosition? Current { get; set; }
    }
}
