using System.Text.RegularExpressions;

namespace Runner.Extensible.Templates.Tests;

/// <summary>
/// One pack per test run: packs the repository with scripts/pack.sh under a version of its own, installs the template
/// pack into a template hive of its own, and prepares a folder outside the repository (so its Directory.Build.props
/// and package versions do not apply) whose nuget.config adds the freshly packed packages as a source. Packages restore
/// into a package folder of the run's own, falling back to the machine's for everything else, so nothing packed here
/// lands in the machine's NuGet cache.
/// </summary>
public sealed partial class TemplatePack : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The repository root (where Runner.Extensible.sln is).</summary>
    public string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The version every package of this run was packed with.</summary>
    public string Version { get; private set; } = "";

    /// <summary>Where templates are instantiated; its nuget.config adds the packed packages.</summary>
    public string Output { get; private set; } = "";

    /// <summary>The isolated template hive the pack is installed into.</summary>
    public string Hive { get; private set; } = "";

    /// <summary>The environment of every dotnet command run on generated projects.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; private set; } = new Dictionary<string, string?>();

    /// <summary>How long packing and installing took.</summary>
    public TimeSpan PackTook { get; private set; }

    private string _root = "";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var started = DateTime.UtcNow;
        _root = Directory.CreateTempSubdirectory("runner-extensible-templates-").FullName;
        Hive = Directory.CreateDirectory(Path.Combine(_root, "hive")).FullName;
        Output = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(_root, "packages")).FullName;
        Environment = ChildEnvironment(RepoRoot, packages);

        // A version no earlier run used: NuGet caches packages by id and version, so a reused version could
        // restore an older pack.
        Version = $"{RepoVersion(RepoRoot)}-templatetest.{DateTime.UtcNow:yyyyMMddHHmmss}";
        await ProcessRun.StartAsync("bash", ["scripts/pack.sh", "--version", Version], RepoRoot, Environment, PackTimeout).ContinueWith(t => t.Result.ShouldSucceed());

        var pack = Path.Combine(RepoRoot, "artifacts", "packages", $"Runner.Extensible.Templates.{Version}.nupkg");
        File.Exists(pack).ShouldBeTrue($"scripts/pack.sh did not produce {pack}");
        (await ProcessRun.StartAsync("dotnet", ["new", "install", pack, "--debug:custom-hive", Hive], _root, Environment, TimeSpan.FromMinutes(2)))
            .ShouldSucceed().Output.ShouldNotContain("No templates were found");

        await File.WriteAllTextAsync(Path.Combine(Output, "nuget.config"), NuGetConfig(Path.Combine(RepoRoot, "artifacts", "packages"), MachinePackagesFolder()));
        PackTook = DateTime.UtcNow - started;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is the OS's to clean then.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return ValueTask.CompletedTask;
    }

    // Inherits the machine's sources (no <clear/>): only the local feed of freshly packed packages is added.
    private static string NuGetConfig(string localFeed, string machinePackages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="runner-extensible-local" value="{localFeed}" />
          </packageSources>
          <fallbackPackageFolders>
            <add key="machine-packages" value="{machinePackages}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    private static IReadOnlyDictionary<string, string?> ChildEnvironment(string repoRoot, string packages)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["NUGET_PACKAGES"] = packages,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // The transport suite runs a real Vite 8 with the project's plugin; the repository's node_modules has both (scripts/setup.sh).
            ["RUNNER_EXTENSIBLE_VITE_PROJECT"] = repoRoot,
        };
        // What the dotnet test running this process set for itself must not steer the builds started from here.
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                environment[name] = null;
        return environment;
    }

    private static string MachinePackagesFolder() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepoVersion(string repoRoot)
    {
        var match = VersionElement().Match(File.ReadAllText(Path.Combine(repoRoot, "Directory.Build.props")));
        match.Success.ShouldBeTrue("Directory.Build.props has no <Version>");
        return match.Groups[1].Value;
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Runner.Extensible.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Runner.Extensible.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
