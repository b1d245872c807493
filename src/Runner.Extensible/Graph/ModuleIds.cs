using System.Text.RegularExpressions;

namespace Runner.Extensible.Graph;

/// <summary>Vite's module id and URL helpers (<c>normalizeModuleId</c>, <c>cleanUrl</c>, <c>unwrapId</c>, posix paths).</summary>
public static partial class ModuleIds
{
    private static readonly HashSet<string> PrefixedOnlyBuiltins = new(StringComparer.Ordinal)
    {
        "node:sea", "node:sqlite", "node:test", "node:test/reporters",
    };

    /// <summary>
    /// Normalizes a module id as Vite's runner does: <c>/@fs/</c> and <c>file://</c> are stripped, <c>node:</c> is
    /// dropped except for prefix-only builtins, backslashes become slashes and leading slashes collapse to one.
    /// </summary>
    /// <param name="id">An id, path or URL.</param>
    public static string NormalizeModuleId(string id)
    {
        if (PrefixedOnlyBuiltins.Contains(id)) return id;
        if (id.StartsWith("data:", StringComparison.Ordinal)) return id;
        var result = id.Replace('\\', '/');
        result = FsPrefix().Replace(result, "/");
        result = FileUrlPrefix().Replace(result, "/");
        if (result.StartsWith("node:", StringComparison.Ordinal)) result = result["node:".Length..];
        result = LeadingSlashes().Replace(result, "/");
        return result;
    }

    /// <summary>Removes a query (<c>?…</c>) or hash (<c>#…</c>) suffix.</summary>
    /// <param name="url">The URL or id.</param>
    public static string CleanUrl(string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }

    /// <summary>Undoes Vite's id wrapping: strips a leading <c>/@id/</c> and turns <c>__x00__</c> into <c>\0</c>.</summary>
    /// <param name="id">A possibly wrapped id.</param>
    public static string UnwrapId(string id)
    {
        if (id.StartsWith("/@id/", StringComparison.Ordinal)) id = id["/@id/".Length..].Replace("__x00__", "\0", StringComparison.Ordinal);
        return id;
    }

    /// <summary>Turns backslashes into slashes.</summary>
    /// <param name="path">The path.</param>
    public static string Slash(string path) => path.Replace('\\', '/');

    /// <summary>The posix directory name of a path or URL path (<c>.</c> when there is none).</summary>
    /// <param name="path">The path.</param>
    public static string PosixDirname(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash < 0) return ".";
        if (slash == 0) return "/";
        return path[..slash];
    }

    /// <summary>Resolves <paramref name="relative"/> against the posix directory <paramref name="baseDir"/> (Node's <c>posix.resolve</c> for absolute bases).</summary>
    /// <param name="baseDir">An absolute directory.</param>
    /// <param name="relative">A relative or absolute path.</param>
    public static string PosixResolve(string baseDir, string relative)
    {
        var combined = relative.StartsWith('/') ? relative : baseDir.TrimEnd('/') + "/" + relative;
        var parts = new List<string>();
        foreach (var part in combined.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    [GeneratedRegex("^/@fs/")]
    private static partial Regex FsPrefix();

    [GeneratedRegex("^file:/+")]
    private static partial Regex FileUrlPrefix();

    [GeneratedRegex("^/+")]
    private static partial Regex LeadingSlashes();
}
