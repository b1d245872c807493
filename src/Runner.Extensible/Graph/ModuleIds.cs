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
        if (!id.StartsWith("/@id/", StringComparison.Ordinal)) return id;
        id = id["/@id/".Length..];
        // Vite uses String.replace with a string pattern, which replaces the first occurrence only.
        var marker = id.IndexOf("__x00__", StringComparison.Ordinal);
        return marker < 0 ? id : string.Concat(id.AsSpan(0, marker), "\0", id.AsSpan(marker + "__x00__".Length));
    }

    /// <summary>Turns backslashes into slashes.</summary>
    /// <param name="path">The path.</param>
    public static string Slash(string path) => path.Replace('\\', '/');

    /// <summary>
    /// The posix directory name of a path or URL path, exactly as Vite's <c>posixDirname</c> (pathe's
    /// <c>dirname</c>): backslashes become slashes, one trailing slash is ignored, and nothing is normalized
    /// (<c>/a/./b/..</c> stays). <c>.</c> when there is no directory, <c>/</c> for a file at the root.
    /// </summary>
    /// <param name="path">The path.</param>
    public static string PosixDirname(string path)
    {
        var normalized = PathePaths.NormalizeWindowsPath(path);
        if (normalized.EndsWith('/')) normalized = normalized[..^1];
        var segments = normalized.Split('/');
        var parent = segments.Take(segments.Length - 1).ToArray();
        if (parent.Length == 1 && PathePaths.IsDriveLetter(parent[0])) parent[0] += "/";
        var joined = string.Join('/', parent);
        return joined.Length > 0 ? joined : PathePaths.IsAbsolute(path) ? "/" : ".";
    }

    /// <summary>
    /// Resolves paths right to left until one is absolute, falling back to the current directory, and
    /// normalizes <c>.</c>/<c>..</c> segments, exactly as Vite's <c>posixResolve</c> (pathe's <c>resolve</c>).
    /// </summary>
    /// <param name="baseDir">The directory to resolve against (relative ones resolve against the current directory).</param>
    /// <param name="relative">A relative or absolute path.</param>
    public static string PosixResolve(string baseDir, string relative) => PathePaths.Resolve(baseDir, relative);

    [GeneratedRegex("^/@fs/")]
    private static partial Regex FsPrefix();

    [GeneratedRegex("^file:/+")]
    private static partial Regex FileUrlPrefix();

    [GeneratedRegex("^/+")]
    private static partial Regex LeadingSlashes();
}
