using System.Text;
using System.Text.Json;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Tests.SourceMaps;

/// <summary>
/// Builds small source maps by hand, independently of the decoder under test: segments are written as
/// absolute values and encoded here with Base64 VLQ, so each test can reason about exact positions.
/// </summary>
internal static class TestSourceMap
{
    private const string Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>
    /// A segment with absolute values, all 0-based: generated column, source index, original line, original
    /// column and optional name index. A segment with only <paramref name="Column"/> set (Source -1) has no source.
    /// </summary>
    public readonly record struct Seg(int Column, int Source = -1, int Line = 0, int OriginalColumn = 0, int? Name = null);

    public static string EncodeValue(int value)
    {
        var vlq = value < 0 ? ((long)-value << 1) | 1 : (long)value << 1;
        var text = new StringBuilder();
        do
        {
            var digit = (int)(vlq & 31);
            vlq >>= 5;
            if (vlq > 0) digit |= 32;
            text.Append(Digits[digit]);
        } while (vlq > 0);
        return text.ToString();
    }

    /// <summary>Encodes generated lines (index 0 is generated line 1) into a <c>mappings</c> string.</summary>
    public static string EncodeMappings(params Seg[][] lines)
    {
        var text = new StringBuilder();
        int source = 0, line = 0, column = 0, name = 0;
        for (var l = 0; l < lines.Length; l++)
        {
            if (l > 0) text.Append(';');
            var generated = 0;
            for (var s = 0; s < lines[l].Length; s++)
            {
                var seg = lines[l][s];
                if (s > 0) text.Append(',');
                text.Append(EncodeValue(seg.Column - generated));
                generated = seg.Column;
                if (seg.Source < 0) continue;
                text.Append(EncodeValue(seg.Source - source)).Append(EncodeValue(seg.Line - line)).Append(EncodeValue(seg.OriginalColumn - column));
                (source, line, column) = (seg.Source, seg.Line, seg.OriginalColumn);
                if (seg.Name is { } n)
                {
                    text.Append(EncodeValue(n - name));
                    name = n;
                }
            }
        }
        return text.ToString();
    }

    public static string MapJson(string mappings, string[] sources, string?[]? sourcesContent = null, string[]? names = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = 3,
            ["mappings"] = mappings,
            ["names"] = names ?? [],
            ["sources"] = sources,
            ["sourcesContent"] = sourcesContent,
        });

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Module code as Vite's <c>fetchModule</c> returns it: the code, then the <c>sourceURL</c>, marker and
    /// inline map lines, with <paramref name="startOffset"/> <c>;</c> prepended to the mappings.
    /// </summary>
    public static string ServerCode(string id, string code, string[] sources, Seg[][] codeLines, string[]? names = null, string?[]? sourcesContent = null, int startOffset = 3)
    {
        var mappings = new string(';', startOffset) + EncodeMappings(codeLines);
        var map = MapJson(mappings, sources, sourcesContent, names);
        return code.TrimEnd() + "\n//# sourceURL=" + id.Replace(" ", "%20") + "\n//# sourceMappingSource=vite-generated\n//# sourceMappingURL=data:application/json;base64," + Base64(map);
    }

    /// <summary>Registers a module with inlined code in the graph, as the runner does after a fetch.</summary>
    public static EvaluatedModuleNode AddModule(EvaluatedModules modules, string id, string url, string code)
    {
        var node = modules.EnsureModule(id, url);
        node.Meta = new InlinedFetchResult(code, id, id, url, true);
        return node;
    }
}
