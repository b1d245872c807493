using System.Text;
using Runner.Extensible.Graph;

namespace Runner.Extensible.ImportMeta;

/// <summary>
/// Vite's <c>posixPathToFileHref</c>: resolves a posix path against the current directory, escapes <c>%</c>,
/// backslash, newline, CR, tab, <c>?</c> and <c>#</c>, and returns what <c>new URL("file://" + path).href</c>
/// gives, so <c>/a b/c%d/file.js</c> becomes <c>file:///a%20b/c%25d/file.js</c>.
/// </summary>
internal static class FileHref
{
    /// <summary>Builds the <c>file://</c> href of a path.</summary>
    /// <param name="posixPath">An absolute or relative posix path (a virtual id such as <c>\0virtual:m</c> resolves under the current directory).</param>
    internal static string FromPosixPath(string posixPath)
    {
        var resolved = PathePaths.Resolve(posixPath);
        if (posixPath.Length > 0 && (posixPath[^1] == '/' || (OperatingSystem.IsWindows() && posixPath[^1] == '\\')) && !resolved.EndsWith('/'))
            resolved += "/";
        var href = new StringBuilder("file://");
        // Vite's encodePathChars (%, backslash off Windows, \n, \r, \t) and its ?/# escapes, then what the
        // WHATWG URL parser percent-encodes in a file path: C0 controls, space, " < > ` { }, DEL and non-ASCII.
        foreach (var rune in resolved.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '%': href.Append("%25"); break;
                case '\\' when !OperatingSystem.IsWindows(): href.Append("%5C"); break;
                case '?': href.Append("%3F"); break;
                case '#': href.Append("%23"); break;
                case ' ' or '"' or '<' or '>' or '`' or '{' or '}':
                case < 0x20 or 0x7F:
                case > 0x7F:
                    AppendPercentEncoded(href, rune);
                    break;
                default: href.Append((char)rune.Value); break;
            }
        }
        return href.ToString();
    }

    private static void AppendPercentEncoded(StringBuilder href, Rune rune)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..length])
            href.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
    }
}
