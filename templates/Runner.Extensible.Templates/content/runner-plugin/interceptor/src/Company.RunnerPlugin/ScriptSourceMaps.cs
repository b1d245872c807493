using System.Collections.Concurrent;
using System.Text;

namespace Company.RunnerPlugin;

/// <summary>
/// Finds and caches the source map of a script file: the last <c>//# sourceMappingURL=</c> comment, either a
/// base64 <c>data:</c> URL (as Vite inlines it) or a path relative to the script. A cached map is reused while the
/// file keeps its size and time stamp.
/// </summary>
internal sealed class ScriptSourceMaps(int capacity)
{
    private const string Comment = "//# sourceMappingURL=";
    private const string InlinePrefix = "data:application/json;";

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>The map of the script at <paramref name="path"/>, or <c>null</c> when it has none or cannot be read.</summary>
    public DecodedSourceMap? For(string path)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists) return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
        if (_cache.TryGetValue(path, out var cached) && cached.Length == file.Length && cached.Written == file.LastWriteTimeUtc) return cached.Map;

        var map = Read(file);
        // A simple bound: a long-running process that sees many scripts starts the cache over rather than growing.
        if (_cache.Count >= capacity) _cache.Clear();
        _cache[path] = new Entry(file.Length, file.LastWriteTimeUtc, map);
        return map;
    }

    private static DecodedSourceMap? Read(FileInfo file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var at = text.LastIndexOf(Comment, StringComparison.Ordinal);
        if (at < 0) return null;
        var end = text.IndexOfAny(['\r', '\n'], at);
        var url = (end < 0 ? text[(at + Comment.Length)..] : text[(at + Comment.Length)..end]).Trim();
        var directory = file.DirectoryName ?? "/";
        if (url.StartsWith(InlinePrefix, StringComparison.Ordinal))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.Ordinal)) return null;
            try
            {
                return DecodedSourceMap.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(url[(comma + 1)..])), directory);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        if (url.Contains("://", StringComparison.Ordinal)) return null;
        var mapPath = Path.Combine(directory, Uri.UnescapeDataString(url));
        try
        {
            return File.Exists(mapPath) ? DecodedSourceMap.Parse(File.ReadAllText(mapPath), Path.GetDirectoryName(mapPath) ?? directory) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Entry(long Length, DateTime Written, DecodedSourceMap? Map);
}
