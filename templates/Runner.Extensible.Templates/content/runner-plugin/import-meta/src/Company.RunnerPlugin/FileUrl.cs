using System.Globalization;
using System.Text;

namespace Company.RunnerPlugin;

/// <summary>
/// Module paths as Vite's <c>createDefaultImportMeta</c> describes them: the <c>file://</c> URL of a posix path
/// (Vite's <c>posixPathToFileHref</c>) and its posix directory. A path that is not absolute, such as the virtual id
/// <c>\0virtual:m</c>, resolves under the working directory, as in Vite.
/// </summary>
internal static class FileUrl
{
    /// <summary>The <c>file://</c> URL of a path: <c>/a b/c%d.ts</c> becomes <c>file:///a%20b/c%25d.ts</c>.</summary>
    public static string FromPath(string path)
    {
        var absolute = Normalize(path.StartsWith('/') ? path : Environment.CurrentDirectory.Replace('\\', '/') + "/" + path);
        var href = new StringBuilder("file://", absolute.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in absolute.EnumerateRunes())
        {
            switch (rune.Value)
            {
                // Vite escapes these itself, then the URL parser encodes what a file URL path cannot hold.
                case '%' or '\\' or '?' or '#':
                case ' ' or '"' or '<' or '>' or '`' or '{' or '}':
                case < 0x20 or 0x7F or > 0x7F:
                    foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
                        href.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                    break;
                default:
                    href.Append((char)rune.Value);
                    break;
            }
        }
        return href.ToString();
    }

    /// <summary>The posix directory of a path: <c>/a/b.ts</c> → <c>/a</c>, <c>/b.ts</c> → <c>/</c>, <c>b.ts</c> → <c>.</c>.</summary>
    public static string Dirname(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash switch
        {
            < 0 => ".",
            0 => "/",
            _ => path[..slash],
        };
    }

    // Resolves "." and ".." segments and repeated slashes, as path.posix.resolve does.
    private static string Normalize(string absolute)
    {
        var segments = new List<string>();
        foreach (var segment in absolute.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var normalized = "/" + string.Join('/', segments);
        return absolute.EndsWith('/') && normalized.Length > 1 ? normalized + "/" : normalized;
    }
}
