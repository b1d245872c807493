namespace Runner.Extensible.Conformance;

/// <summary>
/// Finds the Node project whose <c>node_modules</c> has Vite 8 and the project's plugin (<c>vite-plugin-runner-extensible</c>),
/// which the transport suite's server runs with.
/// </summary>
internal static class ViteProject
{
    /// <summary>The environment variable that names the folder explicitly.</summary>
    public const string EnvironmentVariable = "RUNNER_EXTENSIBLE_VITE_PROJECT";

    /// <summary>The folder, or an exception whose message says how to provide it.</summary>
    /// <param name="explicitFolder">The fixture's choice, if any.</param>
    public static string Find(string? explicitFolder)
    {
        if (explicitFolder is not null) return Check(explicitFolder, "TransportConformanceFixture.ViteProjectDirectory");
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment) return Check(fromEnvironment, EnvironmentVariable);
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (HasPackages(folder.FullName)) return folder.FullName;
        }
        throw new InvalidOperationException(
            "The transport suite runs a real Vite 8 server with vite-plugin-runner-extensible, but no folder above the test binaries or the working directory has both in node_modules. " +
            $"Install them next to the test project (npm install -D vite@8 vite-plugin-runner-extensible), or set {EnvironmentVariable} (or override ViteProjectDirectory) to a folder whose node_modules has them.");
    }

    private static string Check(string folder, string source) =>
        HasPackages(folder)
            ? Path.GetFullPath(folder)
            : throw new InvalidOperationException($"{source} names {folder}, whose node_modules lacks vite or vite-plugin-runner-extensible.");

    private static bool HasPackages(string folder) =>
        File.Exists(Path.Combine(folder, "node_modules", "vite", "package.json"))
        && File.Exists(Path.Combine(folder, "node_modules", "vite-plugin-runner-extensible", "package.json"));
}
