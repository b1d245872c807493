namespace Runner.Extensible.Cli.Running;

/// <summary>Finds <c>node</c> on PATH before the stdio transport tries to start it, for a one-line error.</summary>
internal static class NodeLocator
{
    /// <summary>The full path of <c>node</c> on PATH, or <c>null</c>.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
