using System.Text;
using System.Text.RegularExpressions;

using Runner.Extensible.Graph;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// The path and URL arithmetic Vite's interceptor does on sources (pathe's posix <c>dirname</c>/<c>resolve</c>,
/// <c>supportRelativeURL</c>, <c>decodeSourceURL</c>). <c>dirname</c> and <c>resolve</c> are the runner's port of
/// pathe (<see cref="ModuleIds"/>, <see cref="PathePaths"/>), so module paths and source paths agree byte for byte.
/// </summary>
internal static partial class SourcePaths
{
    /// <summary>pathe's <c>dirname</c> (the runner's port): backslashes become slashes; <c>.</c> for a bare name, <c>/</c> for a root file.</summary>
    public static string Dirname(string path) => ModuleIds.PosixDirname(path);

    /// <summary>
    /// pathe's <c>resolve</c> (the runner's port): walks the arguments right to left until one is absolute, falling
    /// back to the working directory, then normalizes <c>.</c> and <c>..</c>.
    /// </summary>
    public static string Resolve(params string[] paths) => PathePaths.Resolve(paths);

    /// <summary>
    /// Vite's <c>supportRelativeURL(file, url)</c>: resolves <paramref name="url"/> against the directory of
    /// <paramref name="file"/>, keeping a <c>scheme://host</c> prefix when the file is a URL.
    /// </summary>
    public static string SupportRelativeUrl(string? file, string url)
    {
        if (string.IsNullOrEmpty(file)) return url;
        var dir = Dirname(file.Replace('\\', '/'));
        var match = UrlOrigin().Match(dir);
        var protocol = match.Success ? match.Value : "";
        var startPath = dir[protocol.Length..];
        if (protocol.Length > 0 && WindowsDrivePath().IsMatch(startPath))
            return protocol + "/" + Resolve(startPath, url).Replace('\\', '/');
        return protocol + Resolve(startPath, url);
    }

    /// <summary>
    /// Vite's <c>decodeSourceURL</c>: percent-decodes only the runs of escapes that decode to whitespace
    /// (the server encodes whitespace in <c>//# sourceURL=</c>); everything else stays as written.
    /// </summary>
    public static string DecodeSourceUrl(string url)
    {
        if (!url.Contains('%')) return url;
        return PercentRun().Replace(url, match =>
        {
            var bytes = new byte[match.Length / 3];
            for (var i = 0; i < bytes.Length; i++)
                bytes[i] = Convert.ToByte(match.ValueSpan.Slice(i * 3 + 1, 2).ToString(), 16);
            string decoded;
            try
            {
                decoded = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return match.Value;
            }
            return IsJavaScriptWhitespace(decoded) ? decoded : match.Value;
        });
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // JavaScript's \s: Unicode space separators, the ASCII controls \t\n\v\f\r, line/paragraph separators and
    // the BOM. (.NET's char.IsWhiteSpace differs on U+0085 and U+FEFF.)
    private static bool IsJavaScriptWhitespace(string text)
    {
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            var whitespace = c is '\t' or '\n' or '\v' or '\f' or '\r' or '\u2028' or '\u2029' or '\uFEFF'
                || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.SpaceSeparator;
            if (!whitespace) return false;
        }
        return true;
    }

    [GeneratedRegex("(?:%[0-9a-fA-F]{2})+")]
    private static partial Regex PercentRun();

    [GeneratedRegex("^[A-Za-z0-9_]+://[^/]*")]
    private static partial Regex UrlOrigin();

    [GeneratedRegex("^/[A-Za-z0-9_]:")]
    private static partial Regex WindowsDrivePath();
}
