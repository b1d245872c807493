namespace Runner.Extensible.Cli.Running;

/// <summary>Finds the Vite project an entry belongs to when <c>--root</c> is not given.</summary>
internal static class ProjectRoot
{
    private static readonly string[] ConfigNames =
        ["vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts", "vite.config.cjs", "vite.config.cts"];

    /// <summary>
    /// The nearest folder at or above <paramref name="entryDirectory"/> with a <c>vite.config.*</c>; failing that,
    /// the nearest with a <c>package.json</c>; failing that, <paramref name="fallback"/>.
    /// </summary>
    public static string Find(string entryDirectory, string fallback) =>
        Nearest(entryDirectory, dir => ConfigNames.Any(name => File.Exists(Path.Combine(dir, name))))
        ?? Nearest(entryDirectory, dir => File.Exists(Path.Combine(dir, "package.json")))
        ?? fallback;

    /// <summary>The Vite config file Vite itself would load from <paramref name="root"/>, if any.</summary>
    public static string? ConfigIn(string root) =>
        ConfigNames.Select(name => Path.Combine(root, name)).FirstOrDefault(File.Exists);

    private static string? Nearest(string start, Func<string, bool> matches)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (matches(dir.FullName)) return dir.FullName;
        }
        return null;
    }
}
