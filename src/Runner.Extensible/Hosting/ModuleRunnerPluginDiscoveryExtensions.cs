using System.Reflection;
using Runner.Extensible.Hosting;

namespace Runner.Extensible;

/// <summary>
/// Finds plugins (classes exported with <see cref="ModuleRunnerPluginAttribute"/>) and lets each configure the
/// runner through <see cref="IModuleRunnerPlugin.Configure"/>, which uses the same public <c>Use*</c>/<c>Add*</c>
/// methods users call. A plugin configures a runner once, however often it is found; plugins found in one call
/// configure in name order. What was found is logged (category <c>Runner.Extensible.Hosting</c>) when the
/// runner is created or the host starts.
/// </summary>
public static class ModuleRunnerPluginDiscoveryExtensions
{
    /// <summary>Configures the runner with the plugins exported by these assemblies.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="assemblies">Assemblies to search.</param>
    public static IModuleRunnerBuilder AddPluginsFrom(this IModuleRunnerBuilder builder, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assemblies);
        Apply(builder, assemblies, "assemblies " + string.Join(", ", assemblies.Select(a => a.GetName().Name)));
        return builder;
    }

    /// <summary>
    /// Loads the .NET assemblies in a folder (<c>*.dll</c>, not recursive) into a load context of their own that
    /// shares the contracts (and any other assembly the host has) with the host, and configures the runner with
    /// the plugins they export. Files that are not .NET assemblies are skipped and logged.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="path">The plugin folder, absolute or relative to the working directory.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IModuleRunnerBuilder AddPluginsFromDirectory(this IModuleRunnerBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var folder = PluginFolder.Load(path);
        var registry = ModuleRunnerRegistry.GetOrAdd(builder.Services);
        foreach (var (file, reason) in folder.Skipped)
            registry.Record(new DiscoveryEvent(builder.Name, DiscoveryEventKind.FileSkipped, file, folder.Path, reason));
        foreach (var file in folder.SharedWithHost)
            registry.Record(new DiscoveryEvent(builder.Name, DiscoveryEventKind.FileSharedWithHost, file, folder.Path, ""));
        Apply(builder, folder.Assemblies, "folder " + folder.Path);
        return builder;
    }

    private static void Apply(IModuleRunnerBuilder builder, IReadOnlyCollection<Assembly> assemblies, string source)
    {
        var registry = ModuleRunnerRegistry.GetOrAdd(builder.Services);
        var found = PluginComposition.Discover(assemblies);
        if (found.Count == 0) registry.Record(new DiscoveryEvent(builder.Name, DiscoveryEventKind.NoPluginFound, "", source, ""));
        foreach (var plugin in found)
        {
            var where = string.IsNullOrEmpty(plugin.Assembly.Location) ? plugin.Assembly.FullName ?? "?" : plugin.Assembly.Location;
            if (!registry.TryMarkPluginApplied(builder.Name, plugin.Name))
            {
                registry.Record(new DiscoveryEvent(builder.Name, DiscoveryEventKind.PluginAlreadyConfigured, plugin.Name, where, plugin.Kind));
                continue;
            }
            plugin.Plugin.Configure(builder);
            registry.Record(new DiscoveryEvent(builder.Name, DiscoveryEventKind.PluginConfigured, plugin.Name, where, plugin.Kind));
        }
    }
}
