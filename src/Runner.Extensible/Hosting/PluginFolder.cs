using System.Collections.Concurrent;
using System.Reflection;

namespace Runner.Extensible.Hosting;

/// <summary>
/// The .NET assemblies of a plugin folder (<c>*.dll</c>, top level), loaded once per process into the folder's
/// own <see cref="PluginLoadContext"/>: scanning the same folder again returns the same assemblies, so the same
/// plugin types.
/// </summary>
internal sealed class PluginFolder
{
    private static readonly ConcurrentDictionary<string, Lazy<PluginFolder>> Loaded = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    private PluginFolder(string path, IReadOnlyList<Assembly> assemblies, IReadOnlyList<string> sharedWithHost, IReadOnlyList<(string File, string Reason)> skipped)
    {
        Path = path;
        Assemblies = assemblies;
        SharedWithHost = sharedWithHost;
        Skipped = skipped;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The plugin-private assemblies, loaded in the folder's context.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>Files that are assemblies the host already has (such as a copy of the contracts); not loaded again.</summary>
    public IReadOnlyList<string> SharedWithHost { get; }

    /// <summary>Files that could not be loaded, and why.</summary>
    public IReadOnlyList<(string File, string Reason)> Skipped { get; }

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static PluginFolder Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(fullPath))
            throw new DirectoryNotFoundException($"The plugin folder '{fullPath}' does not exist: build or copy the plugins there, or pass the folder they are in to AddPluginsFromDirectory.");
        return Loaded.GetOrAdd(fullPath, static p => new Lazy<PluginFolder>(() => LoadUncached(p))).Value;
    }

    private static PluginFolder LoadUncached(string folder)
    {
        var skipped = new List<(string, string)>();
        var shared = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var privateNames = new List<AssemblyName>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            AssemblyName name;
            try
            {
                name = AssemblyName.GetAssemblyName(file);
            }
            catch (BadImageFormatException)
            {
                skipped.Add((file, "not a .NET assembly"));
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add((file, e.Message));
                continue;
            }
            if (PluginLoadContext.IsProvidedByHost(name))
            {
                shared.Add(file);
                continue;
            }
            if (!names.TryAdd(name.Name!, file))
            {
                skipped.Add((file, $"another file of the folder already holds assembly {name.Name}"));
                continue;
            }
            privateNames.Add(name);
        }

        var context = new PluginLoadContext(folder, names);
        var assemblies = new List<Assembly>();
        foreach (var name in privateNames)
        {
            try
            {
                assemblies.Add(context.LoadFromAssemblyName(name));
            }
            catch (Exception e) when (e is FileLoadException or FileNotFoundException or BadImageFormatException)
            {
                skipped.Add((names[name.Name!], e.Message));
            }
        }
        return new PluginFolder(folder, assemblies, shared, skipped);
    }
}
