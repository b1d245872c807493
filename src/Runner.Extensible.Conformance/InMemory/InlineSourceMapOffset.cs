using System.Text;
using System.Text.Json.Nodes;

namespace Runner.Extensible.Conformance.InMemory;

/// <summary>
/// Re-shifts the inline source map Vite appends to module code for another evaluator <c>startOffset</c>. Vite's
/// <c>fetchModule</c> prepends one <c>;</c> (one generated line) to the map's <c>mappings</c> per line the evaluator
/// puts before the code, so code recorded for one offset is made right for another by changing that prefix.
/// </summary>
internal static class InlineSourceMapOffset
{
    private const string Marker = "//# sourceMappingURL=data:application/json;base64,";

    /// <summary>The code with its last inline map shifted from <paramref name="recordedOffset"/> to <paramref name="wantedOffset"/> lines.</summary>
    public static string Shift(string code, int recordedOffset, int wantedOffset)
    {
        if (recordedOffset == wantedOffset) return code;
        var start = code.LastIndexOf(Marker, StringComparison.Ordinal);
        if (start < 0) return code;
        var dataStart = start + Marker.Length;
        var end = code.IndexOf('\n', dataStart);
        if (end < 0) end = code.Length;
        var base64 = code[dataStart..end].TrimEnd('\r');
        var map = JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
        var mappings = map["mappings"]?.GetValue<string>() ?? "";
        var recordedPrefix = new string(';', recordedOffset);
        if (!mappings.StartsWith(recordedPrefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"The recorded source map does not start with the {recordedOffset} empty lines Vite adds for startOffset {recordedOffset}.");
        map["mappings"] = new string(';', wantedOffset) + mappings[recordedOffset..];
        var shifted = Convert.ToBase64String(Encoding.UTF8.GetBytes(map.ToJsonString()));
        return string.Concat(code.AsSpan(0, dataStart), shifted, code.AsSpan(end));
    }
}
