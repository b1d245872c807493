using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>
/// The listeners one hot context registered (Vite's <c>newListeners</c>, stored in <c>ctxToListenersMap</c>),
/// so that the next context of the same module can remove them. Mutated only under <see cref="HmrRegistry"/>'s lock.
/// </summary>
internal sealed class ContextListeners
{
    private readonly Dictionary<string, List<IScriptFunction>> _byEvent = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, List<IScriptFunction>>> Entries => _byEvent;

    public void Add(string eventName, IScriptFunction callback)
    {
        if (!_byEvent.TryGetValue(eventName, out var list))
            _byEvent[eventName] = list = [];
        list.Add(callback);
    }

    public void Remove(string eventName, IScriptFunction callback)
    {
        if (!_byEvent.TryGetValue(eventName, out var list))
            return;
        list.RemoveAll(l => l.Equals(callback));
        if (list.Count == 0)
            _byEvent.Remove(eventName);
    }
}
