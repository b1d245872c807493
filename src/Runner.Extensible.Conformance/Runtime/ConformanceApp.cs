using System.Reflection;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// The fixture app the kit's recordings were made from (<c>tests/fixtures/vite-app</c> of the Runner.Extensible
/// repository, embedded in the kit), written once per process to a temporary folder that stands for the
/// recordings' <c>&lt;root&gt;</c>: evaluators load its <c>node_modules</c> packages as externals, and the
/// transport suite serves it with a real Vite.
/// </summary>
internal static class ConformanceApp
{
    private const string ResourcePrefix = "ConformanceApp/";
    private static readonly Lazy<string> Extracted = new(Extract, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The app's root (forward slashes, no trailing slash), created on first use.</summary>
    public static string Root => Extracted.Value;

    /// <summary>Replaces the recordings' <c>&lt;root&gt;</c> placeholder with <see cref="Root"/>.</summary>
    public static string Resolve(string recorded) => recorded.Replace("<root>", Root, StringComparison.Ordinal);

    /// <summary>Copies the app to a new folder (for a server that may edit files); the caller deletes it.</summary>
    /// <param name="parent">The folder to create the copy under.</param>
    public static string CopyTo(string parent)
    {
        var root = Path.Combine(parent, "app");
        WriteFiles(root);
        return root.Replace('\\', '/');
    }

    /// <summary>Reads an embedded resource of the kit as text.</summary>
    public static string ReadResource(string name)
    {
        using var stream = typeof(ConformanceApp).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The conformance kit is missing its resource '{name}'; it was built without it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Extract()
    {
        var parent = Path.Combine(Path.GetTempPath(), "runner-extensible-conformance-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        // The folder is this process's; it goes when the process ends (best effort: a crash leaves it to the OS).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(parent);
        return CopyTo(parent);
    }

    private static void WriteFiles(string root)
    {
        var assembly = typeof(ConformanceApp).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var relative = name[ResourcePrefix.Length..].Replace('\\', '/');
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(target);
            source.CopyTo(file);
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
