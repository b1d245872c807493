namespace Runner.Extensible.SourceMaps;

/// <summary>Where a generated position came from, as a source map says.</summary>
/// <param name="Source">The resolved source path, or <c>null</c> when the source index is out of range.</param>
/// <param name="Line">1-based original line.</param>
/// <param name="Column">0-based original column.</param>
/// <param name="Name">The original name at that position, if the segment has one.</param>
internal readonly record struct OriginalPosition(string? Source, int Line, int Column, string? Name);
