using Runner.Extensible.Graph;

namespace Runner.Extensible;

/// <summary>Vite's <c>isCircularRequest</c>: whether waiting for a module in flight would wait on the import chain itself.</summary>
internal static class CircularImports
{
    /// <summary>
    /// Walks <paramref name="module"/>'s imports, following only modules still in flight (evaluation started and
    /// not finished), and reports whether one of them is on <paramref name="callstack"/>.
    /// </summary>
    /// <param name="graph">The runner's graph.</param>
    /// <param name="module">The module requested while in flight.</param>
    /// <param name="callstack">The ids of the modules whose evaluation led to this request, outermost first.</param>
    public static bool IsCircularRequest(EvaluatedModules graph, EvaluatedModuleNode module, IReadOnlyList<string> callstack) =>
        IsCircularRequest(graph, module, callstack, new HashSet<string>(StringComparer.Ordinal));

    private static bool IsCircularRequest(EvaluatedModules graph, EvaluatedModuleNode module, IReadOnlyList<string> callstack, HashSet<string> visited)
    {
        if (!visited.Add(module.Id)) return false;
        foreach (var importedId in module.Imports)
        {
            var imported = graph.GetModuleById(importedId);
            if (imported is null) continue;
            bool inFlight;
            lock (imported.SyncRoot) inFlight = imported.Promise is not null && !imported.IsEvaluated;
            if (inFlight && (callstack.Contains(importedId) || IsCircularRequest(graph, imported, callstack, visited)))
                return true;
        }
        return false;
    }
}
