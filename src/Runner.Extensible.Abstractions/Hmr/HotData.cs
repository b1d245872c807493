namespace Runner.Extensible.Hmr;

/// <summary>
/// The identity of a module's <c>import.meta.hot.data</c>. It survives across instances of the same module
/// (and full reloads) until the module is pruned. An evaluator maps each instance to one persistent script
/// object, created empty on first use.
/// </summary>
/// <param name="OwnerPath">The module URL the data belongs to.</param>
public sealed class HotData(string OwnerPath)
{
    /// <summary>The module URL the data belongs to.</summary>
    public string OwnerPath { get; } = OwnerPath;
}
