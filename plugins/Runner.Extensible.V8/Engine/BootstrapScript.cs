using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Runner.Extensible.V8.Engine;

/// <summary>The bootstrap each environment runs (<c>Js/bootstrap.js</c>) and the files it needs.</summary>
internal static class BootstrapScript
{
    private static readonly Lazy<string> Template = new(() => ReadResource("bootstrap.js"));
    private static readonly Lazy<string> DynamicImportHelper = new(WriteDynamicImportHelper);

    public static string Build(string bindingName, NodeEnvironmentOptions options)
    {
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        return Template.Value
            .Replace("__BINDING_NAME__", Json(bindingName), StringComparison.Ordinal)
            .Replace("__EXPOSE_NODE_APIS__", options.ExposeNodeApis ? "true" : "false", StringComparison.Ordinal)
            .Replace("__REQUIRE_BASE__", Json(Path.TrimEndingDirectorySeparator(workingDirectory) + "/"), StringComparison.Ordinal)
            .Replace("__DYNAMIC_IMPORT_HELPER__", Json(DynamicImportHelper.Value), StringComparison.Ordinal);
    }

    internal static string ReadResource(string name)
    {
        var resource = $"Runner.Extensible.V8.Js.{name}";
        using var stream = typeof(BootstrapScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);

    // import() only works from file-backed scripts, so the helper must exist on disk. It is written
    // once per content version into the temp folder, atomically so concurrent processes agree.
    private static string WriteDynamicImportHelper()
    {
        var content = ReadResource("dynamic-import.cjs");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "runner-extensible-v8", hash);
        var path = Path.Combine(directory, "dynamic-import.cjs");
        if (File.Exists(path) && File.ReadAllText(path) == content) return path;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
