using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;

namespace Company.RunnerPlugin;

/// <summary>
/// Maps stack frames of script files through their source maps (inline, as Vite writes them, or in a <c>.map</c>
/// file beside them), then rewrites the original path's prefix as configured. A frame it cannot map comes back
/// unchanged. It reads files synchronously and never waits on the calling thread, as an engine calls it while it
/// creates an error.
/// </summary>
internal sealed class SourceMapFilesInterceptor : ISourceMapInterceptor
{
    private readonly ScriptSourceMaps _maps;
    private readonly KeyValuePair<string, string>[] _pathMappings;

    public SourceMapFilesInterceptor(SourceMapFilesOptions options)
    {
        options.ThrowIfInvalid();
        _maps = new ScriptSourceMaps(options.MaxCachedScripts);
        _pathMappings = options.PathMappings.OrderByDescending(m => m.Key.Length).ToArray();
    }

    public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var mapped = new ScriptStackFrame[frames.Count];
        for (var i = 0; i < frames.Count; i++) mapped[i] = Map(frames[i]);
        return mapped;
    }

    private ScriptStackFrame Map(ScriptStackFrame frame)
    {
        if (frame.IsNative || frame.FileName is not { Length: > 0 } file || frame.LineNumber is not { } line || frame.ColumnNumber is not { } column)
            return frame;
        var path = file.StartsWith("file://", StringComparison.Ordinal) ? new Uri(file).LocalPath : file;
        if (!Path.IsPathRooted(path)) return frame;
        // Frames are 1-based; source maps are 0-based.
        if (_maps.For(path)?.Find(line - 1, column - 1) is not { } original) return frame;
        return frame with { FileName = Rewrite(original.Source), LineNumber = original.Line + 1, ColumnNumber = original.Column + 1 };
    }

    private string Rewrite(string path)
    {
        foreach (var (from, to) in _pathMappings)
            if (path.StartsWith(from, StringComparison.Ordinal)) return to + path[from.Length..];
        return path;
    }
}
