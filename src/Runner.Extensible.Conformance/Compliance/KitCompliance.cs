namespace Runner.Extensible.Conformance;

/// <summary>
/// The compliance test a plugin's test project inherits once: it fails when the plugin assembly (the one that defines
/// <typeparamref name="TPluginAssemblyMarker"/>) implements a contract, or exports a plugin, whose conformance suite the
/// test assembly does not inherit. <c>public sealed class MyPluginKitCompliance : KitCompliance&lt;MyPlugin&gt;;</c>
/// </summary>
/// <typeparam name="TPluginAssemblyMarker">Any type of the plugin's assembly.</typeparam>
public abstract class KitCompliance<TPluginAssemblyMarker>
{
    /// <summary>Every kind of plugin in the plugin assembly is tested by its kit in this test assembly.</summary>
    [Fact]
    public virtual void Every_plugin_in_the_assembly_inherits_its_conformance_kit()
    {
        var missing = ConformanceCompliance.FindMissingSuites(typeof(TPluginAssemblyMarker).Assembly, GetType().Assembly);
        missing.ShouldBeEmpty(string.Join(Environment.NewLine, missing));
    }
}
