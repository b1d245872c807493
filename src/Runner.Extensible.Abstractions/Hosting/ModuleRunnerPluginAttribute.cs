using System.Composition;

namespace Runner.Extensible;

/// <summary>
/// Exports an <see cref="IModuleRunnerPlugin"/> to System.Composition so that the host finds it in given
/// assemblies or in a folder of plugin assemblies.
/// </summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModuleRunnerPluginAttribute : ExportAttribute
{
    /// <summary>Exports the plugin under a unique name.</summary>
    /// <param name="name">A unique, stable name such as <c>Runner.Extensible.V8</c>; a plugin found twice is registered once.</param>
    public ModuleRunnerPluginAttribute(string name) : base(typeof(IModuleRunnerPlugin))
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The plugin's unique name.</summary>
    public string Name { get; }

    /// <summary>What the plugin provides, for listings: <c>evaluator</c>, <c>transport</c>, <c>step</c>, …</summary>
    public string Kind { get; set; } = "";
}
