namespace Runner.Extensible.Graph;

/// <summary>
/// The runner's module graph and cache (Vite's <c>EvaluatedModules</c>): nodes indexed by id, by file and by
/// URL. Thread-safe: the runner, the HMR client and evaluator threads use it concurrently.
/// </summary>
public sealed class EvaluatedModules
{
    private readonly object _gate = new();
    private readonly Dictionary<string, EvaluatedModuleNode> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<EvaluatedModuleNode>> _byFile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EvaluatedModuleNode> _byUrl = new(StringComparer.Ordinal);

    /// <summary>Finds a node by (normalized) id.</summary>
    /// <param name="id">The id; normalized before lookup.</param>
    public EvaluatedModuleNode? GetModuleById(string id)
    {
        lock (_gate) return _byId.GetValueOrDefault(ModuleIds.NormalizeModuleId(id));
    }

    /// <summary>Finds the nodes of a file (one per query variant).</summary>
    /// <param name="file">The file path.</param>
    public IReadOnlyCollection<EvaluatedModuleNode> GetModulesByFile(string file)
    {
        lock (_gate) return _byFile.TryGetValue(file, out var set) ? set.ToArray() : [];
    }

    /// <summary>Finds a node by the URL it was imported with (unwrapped with <see cref="ModuleIds.UnwrapId"/>).</summary>
    /// <param name="url">The URL.</param>
    public EvaluatedModuleNode? GetModuleByUrl(string url)
    {
        lock (_gate) return _byUrl.GetValueOrDefault(ModuleIds.UnwrapId(url));
    }

    /// <summary>Returns the node for an id, creating it when absent, and maps <paramref name="url"/> to it.</summary>
    /// <param name="id">The module id (normalized here).</param>
    /// <param name="url">The server URL (or the requested URL for externals).</param>
    public EvaluatedModuleNode EnsureModule(string id, string url)
    {
        id = ModuleIds.NormalizeModuleId(id);
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out var existing))
            {
                _byUrl[url] = existing;
                return existing;
            }
            var node = new EvaluatedModuleNode(id, url);
            _byId[id] = node;
            _byUrl[url] = node;
            if (!_byFile.TryGetValue(node.File, out var files))
                _byFile[node.File] = files = [];
            files.Add(node);
            return node;
        }
    }

    /// <summary>
    /// Forgets a node's evaluation so the next import runs it again: clears evaluated state, meta, map,
    /// promise, exports and imports, and keeps importers (Vite's <c>invalidateModule</c>).
    /// </summary>
    /// <param name="node">The node.</param>
    public void InvalidateModule(EvaluatedModuleNode node)
    {
        // The node's own lock is the one the runner takes to start an evaluation, so an invalidation never
        // interleaves with "is it in flight? then start it".
        lock (node.SyncRoot)
        {
            node.IsEvaluated = false;
            node.Meta = null;
            node.Map = null;
            node.Promise = null;
            node.Exports = null;
            lock (node.ImportSet) node.ImportSet.Clear();
        }
    }

    /// <summary>All nodes, in creation order.</summary>
    public IReadOnlyList<EvaluatedModuleNode> Modules
    {
        get { lock (_gate) return _byId.Values.ToArray(); }
    }

    /// <summary>Forgets every node.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _byId.Clear();
            _byFile.Clear();
            _byUrl.Clear();
        }
        Cleared?.Invoke();
    }

    /// <summary>
    /// Raised after <see cref="Clear"/> (<c>ClearCache</c>, a full reload, or a caller clearing the graph itself), so
    /// that the runner's code cache can let go of code nothing evaluated depends on any more.
    /// </summary>
    internal event Action? Cleared;
}
