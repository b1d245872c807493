using System.Text.Json;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// A parsed version 3 source map (Vite's <c>DecodedMap</c>): its sources resolved against the map's own URL
/// (<c>posix.resolve(dirname(url), source)</c>), its names and contents, and <see cref="OriginalPositionFor"/>.
/// Immutable and safe to share between threads; the mappings are decoded on first lookup.
/// </summary>
internal sealed class DecodedSourceMap
{
    private readonly Lazy<SourceMapSegment[][]> _lines;

    private DecodedSourceMap(string url, string mappings, IReadOnlyList<string?> sources, IReadOnlyList<string?> sourcesContent, IReadOnlyList<string?> names)
    {
        Url = url;
        Sources = sources;
        SourcesContent = sourcesContent;
        Names = names;
        var originDir = SourcePaths.Dirname(url);
        ResolvedSources = sources.Select(s => SourcePaths.Resolve(originDir, s ?? "")).ToArray();
        _lines = new Lazy<SourceMapSegment[][]>(() => Base64Vlq.DecodeMappings(mappings), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The URL (or path) the map was found at; relative sources resolve against its directory.</summary>
    public string Url { get; }

    /// <summary>The <c>sources</c> as written in the map.</summary>
    public IReadOnlyList<string?> Sources { get; }

    /// <summary>The <c>sources</c> resolved against <see cref="Url"/>'s directory.</summary>
    public IReadOnlyList<string> ResolvedSources { get; }

    /// <summary>The <c>sourcesContent</c> entries (same length as <see cref="Sources"/> or empty).</summary>
    public IReadOnlyList<string?> SourcesContent { get; }

    /// <summary>The <c>names</c>.</summary>
    public IReadOnlyList<string?> Names { get; }

    /// <summary>Parses a map's JSON text.</summary>
    /// <param name="json">The map.</param>
    /// <param name="url">Where the map was found (for a module's inline map: the module's file).</param>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static DecodedSourceMap Parse(string json, string url)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("A source map must be a JSON object.");
        var mappings = root.TryGetProperty("mappings", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        return new DecodedSourceMap(url, mappings, ReadStrings(root, "sources"), ReadStrings(root, "sourcesContent"), ReadStrings(root, "names"));
    }

    /// <summary>
    /// The original position of a generated one, with greatest-lower-bound bias: the last segment at or
    /// before <paramref name="column"/> on that line (the first of several at exactly that column).
    /// </summary>
    /// <param name="line">1-based generated line.</param>
    /// <param name="column">0-based generated column.</param>
    /// <returns><c>null</c> when the line has no segment at or before the column, the segment has no source, or the position is out of range.</returns>
    /// <exception cref="FormatException">The mappings are malformed.</exception>
    public OriginalPosition? OriginalPositionFor(int line, int column)
    {
        if (line < 1 || column < 0) return null;
        var lines = _lines.Value;
        if (line > lines.Length) return null;
        var segments = lines[line - 1];
        var index = GreatestLowerBound(segments, column);
        if (index < 0) return null;
        var segment = segments[index];
        if (!segment.HasSource) return null;
        var source = segment.SourceIndex >= 0 && segment.SourceIndex < ResolvedSources.Count ? ResolvedSources[segment.SourceIndex] : null;
        var name = segment.HasName && segment.NameIndex >= 0 && segment.NameIndex < Names.Count ? Names[segment.NameIndex] : null;
        return new OriginalPosition(source, segment.SourceLine + 1, segment.SourceColumn, name);
    }

    private static int GreatestLowerBound(SourceMapSegment[] segments, int column)
    {
        int low = 0, high = segments.Length - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var cmp = segments[mid].GeneratedColumn - column;
            if (cmp == 0)
            {
                while (mid > 0 && segments[mid - 1].GeneratedColumn == column) mid--;
                return mid;
            }
            if (cmp < 0) low = mid + 1;
            else high = mid - 1;
        }
        return low - 1;
    }

    private static string?[] ReadStrings(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array) return [];
        return array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToArray();
    }
}
