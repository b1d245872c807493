using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// Vite's <c>mapSourcePosition</c>: finds the source map of a script and looks a position up in it, in this
/// order: the runner's graph (a module's inline map, cached on its node), the per-source cache,
/// <c>retrieveSourceMap</c> handlers, then the script's own last <c>sourceMappingURL</c> comment read through
/// <c>retrieveFile</c> handlers and the file system (an inline <c>data:</c> URL, or a map file relative to the
/// script). Maps found in those last two ways seed the file cache with their <c>sourcesContent</c>.
/// Thread-safe.
/// </summary>
internal sealed partial class SourcePositionMapper
{
    private static readonly CachedSourceMap NoMap = new(null, null);

    private readonly EvaluatedModules _modules;
    private readonly IReadOnlyList<Func<string, string?>> _retrieveFile;
    private readonly IReadOnlyList<Func<string, RetrievedSourceMap?>> _retrieveSourceMap;
    private readonly ConcurrentDictionary<string, CachedSourceMap> _sourceMapCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _fileContentsCache = new(StringComparer.Ordinal);

    public SourcePositionMapper(EvaluatedModules modules, IReadOnlyList<Func<string, string?>> retrieveFile, IReadOnlyList<Func<string, RetrievedSourceMap?>> retrieveSourceMap)
    {
        _modules = modules;
        _retrieveFile = retrieveFile;
        _retrieveSourceMap = retrieveSourceMap;
    }

    /// <summary>Maps a position; returns it unchanged (<see cref="MappedPosition.IsMapped"/> false) when no map applies.</summary>
    /// <param name="source">The script name or source URL.</param>
    /// <param name="line">1-based generated line.</param>
    /// <param name="column">0-based generated column.</param>
    public MappedPosition Map(string source, int line, int column)
    {
        if (string.IsNullOrEmpty(source)) return MappedPosition.Unmapped(source, line, column);
        var found = FindRunnerMap(source);
        var byRunner = found is not null;
        found ??= _sourceMapCache.GetOrAdd(source, RetrieveSourceMap);
        var (url, map) = (found.Url, found.Map);
        if (map is not null && !string.IsNullOrEmpty(url))
        {
            OriginalPosition? original;
            try
            {
                original = map.OriginalPositionFor(line, column);
            }
            catch (FormatException)
            {
                original = null;
            }
            if (original is { Source: { } originalSource } position)
                return new MappedPosition(SourcePaths.SupportRelativeUrl(url, originalSource), position.Line, position.Column, position.Name, true, byRunner);
        }
        return MappedPosition.Unmapped(source, line, column);
    }

    /// <summary>
    /// Maps the location inside an eval origin such as <c>eval at f (/x.js:3:5)</c>, recursing into nested
    /// origins (<c>eval at g (eval at f (/x.js:3:5))</c>).
    /// </summary>
    public string MapEvalOrigin(string origin)
    {
        var located = EvalOriginWithPosition().Match(origin);
        if (located.Success && int.TryParse(located.Groups[3].Value, out var line) && int.TryParse(located.Groups[4].Value, out var column))
        {
            var position = Map(located.Groups[2].Value, line, column - 1);
            return $"eval at {located.Groups[1].Value} ({position.Source}:{position.Line}:{position.Column + 1})";
        }
        var nested = NestedEvalOrigin().Match(origin);
        return nested.Success ? $"eval at {nested.Groups[1].Value} ({MapEvalOrigin(nested.Groups[2].Value)})" : origin;
    }

    private CachedSourceMap? FindRunnerMap(string source)
    {
        var id = SourcePaths.DecodeSourceUrl(source);
        var node = _modules.GetModuleById(id);
        if (node is null) return null;
        var meta = node.Meta;
        if (node.Map is RunnerMapCacheEntry entry && ReferenceEquals(entry.Meta, meta))
            return entry.Map is null ? null : new CachedSourceMap(id, entry.Map);
        if (meta is not InlinedFetchResult { Code: { } code }) return null;
        var map = TryDecodeInlineMap(code, node.File);
        node.Map = new RunnerMapCacheEntry(meta, map);
        return map is null ? null : new CachedSourceMap(id, map);
    }

    private static DecodedSourceMap? TryDecodeInlineMap(string code, string file)
    {
        if (SourceMappingComments.ExtractInlineMap(code) is not { } payload) return null;
        try
        {
            return SourceMappingComments.DecodeBase64Utf8(payload) is { } json ? DecodedSourceMap.Parse(json, file) : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            // A broken inline map leaves the frames unmapped rather than breaking the error being reported.
            return null;
        }
    }

    private CachedSourceMap RetrieveSourceMap(string source)
    {
        string url;
        string? mapText;
        if (FirstFromHandlers(_retrieveSourceMap, source) is { } retrieved)
        {
            (url, mapText) = (retrieved.Url, retrieved.Map);
        }
        else
        {
            if (RetrieveFile(source) is not { } contents) return NoMap;
            if (SourceMappingComments.FindLastMapUrl(contents) is not { } mapUrl) return NoMap;
            try
            {
                if (SourceMappingComments.TryDecodeDataUrl(mapUrl, out var inlineJson))
                {
                    (url, mapText) = (source, inlineJson);
                }
                else
                {
                    url = SourcePaths.SupportRelativeUrl(source, mapUrl);
                    mapText = RetrieveFile(url);
                }
            }
            catch (FormatException)
            {
                return NoMap;
            }
        }
        if (string.IsNullOrEmpty(mapText)) return NoMap;

        DecodedSourceMap map;
        try
        {
            map = DecodedSourceMap.Parse(mapText, url);
        }
        catch (JsonException)
        {
            return NoMap;
        }
        SeedSourcesContent(map);
        return new CachedSourceMap(url, map);
    }

    private void SeedSourcesContent(DecodedSourceMap map)
    {
        for (var i = 0; i < map.ResolvedSources.Count && i < map.SourcesContent.Count; i++)
        {
            var content = map.SourcesContent[i];
            var source = map.ResolvedSources[i];
            if (string.IsNullOrEmpty(content) || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(map.Url)) continue;
            _fileContentsCache[SourcePaths.SupportRelativeUrl(map.Url, source)] = content;
        }
    }

    /// <summary>Vite's <c>retrieveFile</c>: the cache, then the handlers in order, then the file system.</summary>
    internal string? RetrieveFile(string path)
    {
        if (_fileContentsCache.TryGetValue(path, out var cached)) return cached;
        var contents = FirstFromHandlers(_retrieveFile, path) ?? ReadFromFileSystem(path);
        if (contents is not null) _fileContentsCache[path] = contents;
        return contents;
    }

    private static string? ReadFromFileSystem(string path)
    {
        // Only absolute paths: names such as "<anonymous>" or "node:internal/…" must not be read relative to
        // whatever the working directory happens to be.
        if (!Path.IsPathFullyQualified(path)) return null;
        try
        {
            if (!File.Exists(path)) return null;
            var text = File.ReadAllText(path);
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Handlers answer with a value or null (an empty string also passes, as it is falsy in Vite). A handler
    // that throws passes too: mapping runs while an error is being reported and must not replace it.
    private static T? FirstFromHandlers<T>(IReadOnlyList<Func<string, T?>> handlers, string argument) where T : class
    {
        foreach (var handler in handlers)
        {
            T? result;
            try
            {
                result = handler(argument);
            }
            catch (Exception)
            {
                continue;
            }
            if (result is not null && !(result is string { Length: 0 })) return result;
        }
        return null;
    }

    private sealed record CachedSourceMap(string? Url, DecodedSourceMap? Map);

    [GeneratedRegex(@"^eval at ([^(]+) \((.+):(\d+):(\d+)\)$")]
    private static partial Regex EvalOriginWithPosition();

    [GeneratedRegex(@"^eval at ([^(]+) \((.+)\)$")]
    private static partial Regex NestedEvalOrigin();
}
