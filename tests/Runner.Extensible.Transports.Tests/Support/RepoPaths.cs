namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>Folders of the repository the tests run in.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runner.Extensible.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No Runner.Extensible.sln above {AppContext.BaseDirectory}; the tests must run from a build inside the repository.");
    });

    public static string Root => RootPath.Value;

    public static string FixtureApp => Path.Combine(Root, "tests", "fixtures", "vite-app");

    public static string ServerScript => Path.Combine(Root, "tests", "Runner.Extensible.Transports.Tests", "server", "vite-server.mjs");

    public static string FakeStdioHost => Path.Combine(Root, "tests", "Runner.Extensible.Transports.Tests", "server", "fake-stdio-host.mjs");

    /// <summary>Fails with the fix when Vite is not installed (a fresh clone that skipped the setup script).</summary>
    public static void RequireVite()
    {
        if (!File.Exists(Path.Combine(Root, "node_modules", "vite", "package.json")))
            throw new InvalidOperationException("Vite is not installed at the repository root; run `bash scripts/setup-node.sh` (or scripts/setup.sh) first.");
    }
}
