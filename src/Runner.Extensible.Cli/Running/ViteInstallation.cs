using System.Text.Json;

namespace Runner.Extensible.Cli.Running;

/// <summary>The <c>vite</c> package a project resolves (Node's lookup: <c>node_modules/vite</c> in the root or a folder above).</summary>
internal sealed record ViteInstallation(string PackageDirectory, string Version)
{
    /// <summary>Finds the package Node would load from <paramref name="root"/>, or <c>null</c>.</summary>
    public static ViteInstallation? Find(string root)
    {
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            var package = Path.Combine(dir.FullName, "node_modules", "vite");
            var manifest = Path.Combine(package, "package.json");
            if (File.Exists(manifest)) return new ViteInstallation(package, ReadVersion(manifest));
        }
        return null;
    }

    private static string ReadVersion(string manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            return document.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                ? version.GetString()!
                : "unknown";
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
