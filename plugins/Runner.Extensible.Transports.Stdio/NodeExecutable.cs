namespace Runner.Extensible.Transports.Stdio;

/// <summary>Finds the <c>node</c> executable up front, so that a missing Node.js gets a message that says how to install it.</summary>
internal static class NodeExecutable
{
    /// <summary>The full path of <paramref name="nodePath"/> (a name looked up on <c>PATH</c>, or a path), or a <see cref="TransportException"/>.</summary>
    public static string Resolve(string nodePath, IDictionary<string, string?> environment)
    {
        if (nodePath.Contains(Path.DirectorySeparatorChar) || nodePath.Contains(Path.AltDirectorySeparatorChar))
        {
            var full = Path.GetFullPath(nodePath);
            return File.Exists(full) ? full : throw Missing(nodePath, $"{full} does not exist");
        }
        var path = environment.TryGetValue("PATH", out var overridden) ? overridden : Environment.GetEnvironmentVariable("PATH");
        var names = OperatingSystem.IsWindows() && !nodePath.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? [nodePath + ".exe", nodePath] : new[] { nodePath };
        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw Missing(nodePath, $"\"{nodePath}\" is not on PATH ({(string.IsNullOrEmpty(path) ? "PATH is empty" : path)})");
    }

    /// <summary>The error for a Node.js that cannot be found or started.</summary>
    public static TransportException Missing(string nodePath, string why, Exception? inner = null) =>
        new($"The stdio transport needs Node.js to run Vite, but it cannot start \"{nodePath}\": {why}. "
            + "Install Node.js 20.19 or later (Vite 8 needs it; on Debian/Ubuntu: apt-get install nodejs) and make sure `node` is on PATH, "
            + "or set StdioTransportOptions.NodePath to the node executable.", inner);
}
