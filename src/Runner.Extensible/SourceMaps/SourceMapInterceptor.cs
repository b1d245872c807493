using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// The default source-map interceptor (Vite's <c>prepareStackTrace</c> interceptor). (Being implemented: this
/// placeholder fixes the constructor the runner uses.)
/// </summary>
public sealed class SourceMapInterceptor : ISourceMapInterceptor
{
    /// <summary>Creates the interceptor for a runner's graph.</summary>
    /// <param name="modules">The runner's graph; inline maps are read from its modules' code.</param>
    /// <param name="retrieveFile">Extra file readers, tried before the file system.</param>
    /// <param name="retrieveSourceMap">Extra source-map finders.</param>
    public SourceMapInterceptor(EvaluatedModules modules, IReadOnlyList<Func<string, string?>> retrieveFile, IReadOnlyList<Func<string, RetrievedSourceMap?>> retrieveSourceMap)
    {
        _ = (modules, retrieveFile, retrieveSourceMap);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames) => throw new NotImplementedException();
}
