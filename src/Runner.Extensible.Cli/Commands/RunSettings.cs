namespace Runner.Extensible.Cli.Commands;

/// <summary>What <c>vite-dotnet run</c> was asked to do, checked and with paths made absolute.</summary>
internal sealed record RunSettings
{
    /// <summary>The entry file, absolute.</summary>
    public required string EntryPath { get; init; }

    /// <summary>The Vite project root, absolute.</summary>
    public required string Root { get; init; }

    /// <summary>The Vite config file, absolute, when given.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The transport.</summary>
    public TransportKind Transport { get; init; } = TransportKind.Stdio;

    /// <summary>The server endpoint for <c>ws</c>/<c>http</c>, when given.</summary>
    public Uri? Server { get; init; }

    /// <summary>The server token, when given.</summary>
    public string? Token { get; init; }

    /// <summary>The plugin's connection file, absolute, when given or found (for <c>ws</c>/<c>http</c>).</summary>
    public string? ConnectionFile { get; init; }

    /// <summary>Keep running and re-run through HMR.</summary>
    public bool Watch { get; init; }

    /// <summary>Log more and print import timings.</summary>
    public bool Verbose { get; init; }

    /// <summary>Whether modules see Node's APIs.</summary>
    public bool NodeApis { get; init; } = true;

    /// <summary>The module URL to import: root-relative (<c>/src/main.ts</c>) inside the root, else the absolute file path.</summary>
    public string EntryUrl
    {
        get
        {
            var relative = Path.GetRelativePath(Root, EntryPath);
            var inside = !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
            return inside ? "/" + relative.Replace(Path.DirectorySeparatorChar, '/') : EntryPath;
        }
    }
}
