using Runner.Extensible.Graph;

namespace Runner.Extensible.Hmr;

/// <summary>
/// Which modules a <c>full-reload</c> re-imports (Vite's <c>getModulesEntrypoints</c> and
/// <c>findAllEntrypoints</c>): the URLs of modules without importers, in discovery order.
/// </summary>
internal static class ReloadEntrypoints
{
    /// <summary>
    /// With <paramref name="triggeredBy"/>: walks importers upward from every node of that file and collects
    /// the roots reached. Without it: every root in the graph.
    /// </summary>
    public static IReadOnlyList<string> Find(EvaluatedModules modules, string? triggeredBy) =>
        string.IsNullOrEmpty(triggeredBy) ? FindAll(modules) : FindFrom(modules, ModuleIds.Slash(triggeredBy));

    private static IReadOnlyList<string> FindAll(EvaluatedModules modules)
    {
        var entrypoints = new OrderedUrls();
        foreach (var node in modules.Modules)
        {
            if (node.Importers.Count == 0)
                entrypoints.Add(node.Url);
        }
        return entrypoints.Items;
    }

    private static IReadOnlyList<string> FindFrom(EvaluatedModules modules, string file)
    {
        var entrypoints = new OrderedUrls();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in modules.GetModulesByFile(file))
            Walk(modules, node.Id, visited, entrypoints);
        return entrypoints.Items;
    }

    private static void Walk(EvaluatedModules modules, string moduleId, HashSet<string> visited, OrderedUrls entrypoints)
    {
        // Depth-first like Vite's recursion; the visited set also ends import cycles.
        if (!visited.Add(moduleId))
            return;
        if (modules.GetModuleById(moduleId) is not { } node)
            return;
        var importers = node.Importers;
        if (importers.Count == 0)
        {
            entrypoints.Add(node.Url);
            return;
        }
        foreach (var importer in importers)
            Walk(modules, importer, visited, entrypoints);
    }

    /// <summary>Vite collects the URLs in a <c>Set</c>: insertion order, no duplicates.</summary>
    private sealed class OrderedUrls
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<string> _items = [];

        public IReadOnlyList<string> Items => _items;

        public void Add(string url)
        {
            if (_seen.Add(url))
                _items.Add(url);
        }
    }
}
