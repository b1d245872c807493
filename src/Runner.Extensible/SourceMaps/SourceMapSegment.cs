namespace Runner.Extensible.SourceMaps;

/// <summary>
/// One decoded mapping segment of a generated line: a generated column (0-based), and when the segment
/// has 4 or 5 fields, the source index, original line and column (0-based), and with 5 a name index.
/// </summary>
internal readonly record struct SourceMapSegment(int GeneratedColumn, int SourceIndex, int SourceLine, int SourceColumn, int NameIndex, int FieldCount)
{
    /// <summary>A segment that only marks a generated column (no original position).</summary>
    public static SourceMapSegment ColumnOnly(int generatedColumn) => new(generatedColumn, 0, 0, 0, 0, 1);

    /// <summary>Whether the segment points into a source (4 or 5 fields).</summary>
    public bool HasSource => FieldCount >= 4;

    /// <summary>Whether the segment carries a name (5 fields).</summary>
    public bool HasName => FieldCount == 5;
}
