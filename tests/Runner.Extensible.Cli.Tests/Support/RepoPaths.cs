using System.Reflection;

namespace Runner.Extensible.Cli.Tests.Support;

/// <summary>Folders of the repository the tests run in, and the built tool.</summary>
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

    /// <summary>The fixture project of these tests (sources only; tests that edit files use a <see cref="FixtureCopy"/>).</summary>
    public static string FixtureApp => Path.Combine(Root, "tests", "Runner.Extensible.Cli.Tests", "Fixtures", "app");

    /// <summary>The script that starts a Vite dev server with the plugin for the ws/http tests.</summary>
    public static string DevServerScript => Path.Combine(Root, "tests", "Runner.Extensible.Cli.Tests", "Fixtures", "dev-server.mjs");

    /// <summary>The bundled example.</summary>
    public static string Example => Path.Combine(Root, "examples", "hello");

    /// <summary>The built <c>vite-dotnet</c> executable (same configuration as the tests).</summary>
    public static string Tool
    {
        get
        {
            var directory = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "ViteDotnetDirectory").Value!;
            var tool = Path.Combine(directory, "vite-dotnet");
            if (!File.Exists(tool)) throw new InvalidOperationException($"{tool} is missing; build src/Runner.Extensible.Cli first.");
            return tool;
        }
    }
}
