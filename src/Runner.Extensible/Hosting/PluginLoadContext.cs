using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Runner.Extensible.Hosting;

/// <summary>
/// Loads the assemblies of one plugin folder in isolation from the host, except for the assemblies the host
/// itself has (the contracts first of all): those resolve to the host's copies, so a plugin's
/// <c>IModuleRunnerPlugin</c> is the host's <c>IModuleRunnerPlugin</c> even when the folder carries its own
/// copy of the contracts assembly.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblyNames = new(ReadHostAssemblyNames);
    private readonly Dictionary<string, string> _folderAssemblies;

    /// <param name="folder">The plugin folder.</param>
    /// <param name="folderAssemblies">Simple assembly name → file, for the folder's .NET assemblies.</param>
    public PluginLoadContext(string folder, Dictionary<string, string> folderAssemblies) : base("Runner.Extensible plugins: " + folder)
    {
        Folder = folder;
        _folderAssemblies = folderAssemblies;
    }

    public string Folder { get; }

    /// <summary>Whether the host provides an assembly of this name (its copy is then used).</summary>
    public static bool IsProvidedByHost(AssemblyName name) =>
        name.Name is { } simple && (HostAssemblyNames.Value.Contains(simple) || Default.Assemblies.Any(a => string.Equals(a.GetName().Name, simple, StringComparison.OrdinalIgnoreCase)));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // null falls back to the default context, i.e. the host's copy.
        if (IsProvidedByHost(assemblyName)) return null;
        return assemblyName.Name is { } simple && _folderAssemblies.TryGetValue(simple, out var path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeLibraryCandidates(unmanagedDllName))
        {
            var path = Path.Combine(Folder, candidate);
            if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> NativeLibraryCandidates(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows()) yield return name + ".dll";
        else if (OperatingSystem.IsMacOS()) { yield return "lib" + name + ".dylib"; yield return name + ".dylib"; }
        else { yield return "lib" + name + ".so"; yield return name + ".so"; }
    }

    // The trusted platform assemblies are everything the host was started with (framework and the app's own
    // dependencies); the default context's loaded assemblies add anything loaded since.
    private static HashSet<string> ReadHostAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string paths)
        {
            foreach (var path in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                names.Add(Path.GetFileNameWithoutExtension(path));
        }
        return names;
    }
}
