namespace Company.RunnerPlugin;

/// <summary>Settings of <c>UseSourceMapFiles(o =&gt; …)</c>, named after the runner.</summary>
public sealed class SourceMapFilesOptions
{
    /// <summary>
    /// Prefixes of original source paths to rewrite after mapping, longest first: for example
    /// <c>o.PathMappings["/app/"] = "/home/me/checkout/"</c> makes a stack from a container point into your checkout.
    /// </summary>
    public IDictionary<string, string> PathMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How many scripts' decoded maps are kept in memory before the cache starts over. Default 512.</summary>
    public int MaxCachedScripts { get; set; } = 512;

    /// <summary>What is wrong with these settings, each with its fix; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (from, to) in PathMappings)
        {
            if (string.IsNullOrEmpty(from))
                problems.Add("SourceMapFilesOptions.PathMappings has an empty prefix, which would rewrite every path; name the prefix to replace, such as /app/.");
            if (to is null)
                problems.Add($"SourceMapFilesOptions.PathMappings maps '{from}' to null; map it to the prefix that replaces it (empty to remove it).");
        }
        if (MaxCachedScripts < 1)
            problems.Add($"SourceMapFilesOptions.MaxCachedScripts is {MaxCachedScripts}; keep at least 1 decoded map.");
        return problems;
    }

    /// <summary>Throws when a setting is invalid; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
    }
}
