using System.Text;
using System.Text.RegularExpressions;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// Finds <c>sourceMappingURL</c> comments: the inline map Vite appends to module code, and the last map
/// comment of a file read through <c>retrieveFile</c>. Only the <b>last</b> occurrence counts, so a string
/// literal that contains the same text earlier in the code does no harm.
/// </summary>
internal static partial class SourceMappingComments
{
    /// <summary>The exact prefix Vite's server appends to module code.</summary>
    public const string InlineMapPrefix = "//# sourceMappingURL=data:application/json;base64,";

    /// <summary>
    /// The Base64 payload of the last inline map comment in module code: from the prefix to the end of
    /// that line, without a trailing <c>\r</c>. <c>null</c> when the code has none.
    /// </summary>
    public static string? ExtractInlineMap(string code)
    {
        var start = code.LastIndexOf(InlineMapPrefix, StringComparison.Ordinal);
        if (start < 0) return null;
        var dataStart = start + InlineMapPrefix.Length;
        var dataEnd = code.IndexOf('\n', dataStart);
        if (dataEnd < 0) dataEnd = code.Length;
        if (dataEnd > dataStart && code[dataEnd - 1] == '\r') dataEnd--;
        return code[dataStart..dataEnd];
    }

    /// <summary>
    /// The URL of the last <c>//# sourceMappingURL=…</c> (or <c>//@</c>, or <c>/*# … */</c>) comment that ends
    /// a line of a file, or <c>null</c>.
    /// </summary>
    public static string? FindLastMapUrl(string fileContents)
    {
        string? last = null;
        foreach (Match match in MapComment().Matches(fileContents))
            last = match.Groups["line"].Success ? match.Groups["line"].Value : match.Groups["block"].Value;
        return last;
    }

    /// <summary>If <paramref name="url"/> is a <c>data:application/json…base64,</c> URL, its decoded text.</summary>
    public static bool TryDecodeDataUrl(string url, out string? json)
    {
        json = null;
        if (!Base64JsonDataUrl().IsMatch(url)) return false;
        json = DecodeBase64Utf8(url[(url.IndexOf(',') + 1)..]);
        return true;
    }

    /// <summary>
    /// Decodes Base64 to UTF-8 text as leniently as Node's <c>Buffer.from(s, "base64")</c>: URL-safe digits
    /// are accepted, whitespace and other stray characters are skipped, padding is optional and ends the data.
    /// </summary>
    /// <returns>The text, or <c>null</c> when nothing decodable remains.</returns>
    public static string? DecodeBase64Utf8(string base64)
    {
        var clean = new StringBuilder(base64.Length + 3);
        foreach (var c in base64)
        {
            if (c == '=') break;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/') clean.Append(c);
            else if (c == '-') clean.Append('+');
            else if (c == '_') clean.Append('/');
        }
        // A single dangling digit carries fewer than 8 bits; Node drops it.
        if (clean.Length % 4 == 1) clean.Length--;
        if (clean.Length == 0) return null;
        while (clean.Length % 4 != 0) clean.Append('=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(clean.ToString()));
    }

    // Vite's pattern, with the block form's URL captured too (Vite's own block alternative has no capture
    // group, so it finds the comment but then reports no URL).
    [GeneratedRegex(@"//[@#]\s*sourceMappingURL=(?<line>[^\s'""]+)\s*$|/\*[@#]\s*sourceMappingURL=(?<block>[^\s*'""]+)\s*\*/\s*$", RegexOptions.Multiline)]
    private static partial Regex MapComment();

    [GeneratedRegex("^data:application/json[^,]+base64,")]
    private static partial Regex Base64JsonDataUrl();
}
