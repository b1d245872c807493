using System.Text.Json;

namespace Company.RunnerPlugin;

/// <summary>A source map (v3) decoded for lookups: per generated line, its segments sorted by column.</summary>
internal sealed class DecodedSourceMap
{
    private readonly Segment[][] _lines;
    private readonly string[] _sources;

    private DecodedSourceMap(Segment[][] lines, string[] sources)
    {
        _lines = lines;
        _sources = sources;
    }

    /// <summary>Decodes a map; <c>null</c> when it is not a v3 map. Relative sources resolve against <paramref name="mapDirectory"/>.</summary>
    public static DecodedSourceMap? Parse(string json, string mapDirectory)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var map = document.RootElement;
            if (!map.TryGetProperty("version", out var version) || version.GetInt32() != 3) return null;
            var sourceRoot = map.TryGetProperty("sourceRoot", out var root) && root.ValueKind == JsonValueKind.String ? root.GetString()! : "";
            var sources = map.GetProperty("sources").EnumerateArray()
                .Select(s => ResolveSource(s.GetString() ?? "", sourceRoot, mapDirectory)).ToArray();
            return new DecodedSourceMap(DecodeMappings(map.GetProperty("mappings").GetString() ?? "", sources.Length), sources);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The original position of a generated one (all 0-based), or <c>null</c> when no segment covers it.</summary>
    public (string Source, int Line, int Column)? Find(int line, int column)
    {
        if (line < 0 || line >= _lines.Length) return null;
        var segments = _lines[line];
        // The last segment that starts at or before the column covers it.
        int low = 0, high = segments.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (segments[middle].GeneratedColumn <= column)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        if (found < 0 || segments[found].Source < 0) return null;
        var segment = segments[found];
        return (_sources[segment.Source], segment.Line, segment.Column);
    }

    private static Segment[][] DecodeMappings(string mappings, int sourceCount)
    {
        var lines = new List<Segment[]>();
        Span<int> fields = stackalloc int[5];
        int source = 0, originalLine = 0, originalColumn = 0;
        foreach (var line in mappings.Split(';'))
        {
            var segments = new List<Segment>();
            var generatedColumn = 0;
            foreach (var text in line.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Base64Vlq.TryDecode(text, fields, out var count) || count is not (1 or 4 or 5))
                    throw new FormatException($"Malformed mapping segment '{text}'.");
                generatedColumn += fields[0];
                if (count == 1)
                {
                    segments.Add(new Segment(generatedColumn, -1, 0, 0));
                    continue;
                }
                source += fields[1];
                originalLine += fields[2];
                originalColumn += fields[3];
                segments.Add(new Segment(generatedColumn, source < sourceCount ? source : -1, originalLine, originalColumn));
            }
            segments.Sort(static (a, b) => a.GeneratedColumn.CompareTo(b.GeneratedColumn));
            lines.Add([.. segments]);
        }
        return [.. lines];
    }

    private static string ResolveSource(string source, string sourceRoot, string mapDirectory)
    {
        var combined = sourceRoot.Length == 0 ? source : sourceRoot.TrimEnd('/') + "/" + source;
        if (combined.StartsWith("file://", StringComparison.Ordinal)) return new Uri(combined).LocalPath;
        return Path.GetFullPath(Path.IsPathRooted(combined) ? combined : Path.Combine(mapDirectory, combined)).Replace('\\', '/');
    }

    private readonly record struct Segment(int GeneratedColumn, int Source, int Line, int Column);
}
