using System.Composition;
using System.Composition.Hosting;
using System.Reflection;

namespace Runner.Extensible.Hosting;

/// <summary>
/// Finds the classes exported with <see cref="ModuleRunnerPluginAttribute"/> in a set of assemblies through
/// System.Composition, and creates them.
/// </summary>
internal static class PluginComposition
{
    /// <summary>A plugin found in an assembly.</summary>
    public sealed record FoundPlugin(string Name, string Kind, IModuleRunnerPlugin Plugin, Assembly Assembly);

    /// <summary>The plugins of the assemblies, in name order (so that the order plugins fill slots in is stable).</summary>
    public static IReadOnlyList<FoundPlugin> Discover(IEnumerable<Assembly> assemblies)
    {
        // WithParts over each assembly's loadable types is WithAssemblies, minus the failure when one type of an
        // assembly cannot load. The container is not disposed: a plugin's factories may capture the plugin and
        // run much later, when a runner is created, so its parts must not be disposed with discovery.
        var distinct = assemblies.Distinct().ToArray();
        var container = new ContainerConfiguration().WithParts(distinct.SelectMany(LoadableTypes)).CreateContainer();
        return container.GetExports<Lazy<IModuleRunnerPlugin, IDictionary<string, object>>>()
            .Select(export =>
            {
                var plugin = export.Value;
                var name = export.Metadata.TryGetValue(nameof(ModuleRunnerPluginAttribute.Name), out var n) && n is string s ? s : plugin.GetType().FullName!;
                var kind = export.Metadata.TryGetValue(nameof(ModuleRunnerPluginAttribute.Kind), out var k) && k is string { Length: > 0 } ks ? ks : "plugin";
                return new FoundPlugin(name, kind, plugin, plugin.GetType().Assembly);
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
    }

    // An assembly whose dependencies are partly missing still offers the types that load (the rest cannot be plugins anyway).
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
