using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>
/// The state of Vite's <c>HMRClient</c>: <c>hotModulesMap</c>, <c>dataMap</c>, <c>disposeMap</c>,
/// <c>pruneMap</c>, <c>customListenersMap</c> and <c>ctxToListenersMap</c>, keyed by module URL or event.
/// </summary>
/// <remarks>
/// Hot contexts change it from the evaluator's engine thread while the payload queue reads it from the
/// thread pool, so every operation takes one lock and hands out snapshots; script functions are never
/// called under the lock.
/// </remarks>
internal sealed class HmrRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<HotAcceptCallback>> _hotModules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HotData> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IScriptFunction> _dispose = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IScriptFunction> _prune = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IScriptFunction>> _customListeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContextListeners> _contextListeners = new(StringComparer.Ordinal);

    /// <summary>
    /// The creation side effects of an <c>HMRContext</c>: keeps (or creates) the module's data, resets its
    /// accept callbacks, removes every listener the previous context of the same URL registered, and makes
    /// <paramref name="listeners"/> the current context's listener map.
    /// </summary>
    public void RegisterContext(string ownerPath, ContextListeners listeners)
    {
        lock (_gate)
        {
            if (!_data.ContainsKey(ownerPath))
                _data[ownerPath] = new HotData(ownerPath);
            if (_hotModules.TryGetValue(ownerPath, out var callbacks))
                callbacks.Clear();
            if (_contextListeners.TryGetValue(ownerPath, out var stale))
            {
                foreach (var (eventName, staleFunctions) in stale.Entries)
                {
                    // Vite replaces the list with a filtered copy and keeps the key even when it empties.
                    if (_customListeners.TryGetValue(eventName, out var current))
                        _customListeners[eventName] = current.Where(l => !staleFunctions.Contains(l)).ToList();
                }
            }
            _contextListeners[ownerPath] = listeners;
        }
    }

    /// <summary><c>dataMap.get(path)</c>: <c>null</c> once the module was pruned.</summary>
    public HotData? GetData(string path)
    {
        lock (_gate) return _data.GetValueOrDefault(path);
    }

    /// <summary>Deletes the data of pruned modules (the last step of <c>prunePaths</c>).</summary>
    public void DeleteData(IEnumerable<string> paths)
    {
        lock (_gate)
        {
            foreach (var path in paths)
                _data.Remove(path);
        }
    }

    /// <summary><c>acceptDeps</c>: appends a callback to the module's entry, creating the entry when absent.</summary>
    public void AddAcceptCallback(string ownerPath, HotAcceptCallback callback)
    {
        lock (_gate)
        {
            if (!_hotModules.TryGetValue(ownerPath, out var callbacks))
                _hotModules[ownerPath] = callbacks = [];
            callbacks.Add(callback);
        }
    }

    /// <summary>
    /// The callbacks of the module at <paramref name="path"/> that accept <paramref name="acceptedPath"/>,
    /// or <c>null</c> when the module never registered an accept (Vite then does nothing at all).
    /// </summary>
    public IReadOnlyList<HotAcceptCallback>? QualifiedCallbacks(string path, string acceptedPath)
    {
        lock (_gate)
        {
            if (!_hotModules.TryGetValue(path, out var callbacks))
                return null;
            return callbacks.Where(c => c.Dependencies.Contains(acceptedPath, StringComparer.Ordinal)).ToArray();
        }
    }

    /// <summary><c>disposeMap.set</c>.</summary>
    public void SetDispose(string ownerPath, IScriptFunction callback)
    {
        lock (_gate) _dispose[ownerPath] = callback;
    }

    /// <summary><c>disposeMap.get</c>.</summary>
    public IScriptFunction? GetDispose(string path)
    {
        lock (_gate) return _dispose.GetValueOrDefault(path);
    }

    /// <summary><c>pruneMap.set</c>.</summary>
    public void SetPrune(string ownerPath, IScriptFunction callback)
    {
        lock (_gate) _prune[ownerPath] = callback;
    }

    /// <summary><c>pruneMap.get</c>.</summary>
    public IScriptFunction? GetPrune(string path)
    {
        lock (_gate) return _prune.GetValueOrDefault(path);
    }

    /// <summary><c>hot.on</c>: adds the listener to the global map and to its context's map.</summary>
    public void AddListener(ContextListeners context, string eventName, IScriptFunction callback)
    {
        lock (_gate)
        {
            Append(_customListeners, eventName, callback);
            context.Add(eventName, callback);
        }
    }

    /// <summary><c>hot.off</c>: removes the listener from both maps, deleting a key whose list empties.</summary>
    public void RemoveListener(ContextListeners context, string eventName, IScriptFunction callback)
    {
        lock (_gate)
        {
            if (_customListeners.TryGetValue(eventName, out var existing))
            {
                var pruned = existing.Where(l => !l.Equals(callback)).ToList();
                if (pruned.Count == 0) _customListeners.Remove(eventName);
                else _customListeners[eventName] = pruned;
            }
            context.Remove(eventName, callback);
        }
    }

    /// <summary>A snapshot of the listeners of an event, in registration order (empty when none).</summary>
    public IReadOnlyList<IScriptFunction> GetListeners(string eventName)
    {
        lock (_gate) return _customListeners.TryGetValue(eventName, out var list) ? list.ToArray() : [];
    }

    /// <summary><c>hmrClient.clear()</c>: forgets every map (the runner's <c>clearCache</c> and <c>close</c> call it).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _hotModules.Clear();
            _dispose.Clear();
            _prune.Clear();
            _data.Clear();
            _customListeners.Clear();
            _contextListeners.Clear();
        }
    }

    private static void Append(Dictionary<string, List<IScriptFunction>> map, string key, IScriptFunction value)
    {
        if (!map.TryGetValue(key, out var list))
            map[key] = list = [];
        list.Add(value);
    }
}
