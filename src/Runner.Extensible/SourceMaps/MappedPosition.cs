namespace Runner.Extensible.SourceMaps;

/// <summary>A stack position after mapping (or as it was, when no map applied).</summary>
/// <param name="Source">The (original) source.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">0-based column.</param>
/// <param name="Name">The source map's name at the original position (renames the callee frame), if any.</param>
/// <param name="IsMapped">Whether a source map applied.</param>
/// <param name="MappedByRunner">Whether the map came from a module in the runner's graph (Vite's <c>_vite</c> flag).</param>
internal sealed record MappedPosition(string Source, int Line, int Column, string? Name, bool IsMapped, bool MappedByRunner)
{
    /// <summary>The position as the engine reported it.</summary>
    public static MappedPosition Unmapped(string source, int line, int column) => new(source, line, column, null, false, false);
}
