using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Hmr.Fakes;

/// <summary>One ordered, thread-safe record of everything the fakes saw, so tests can assert interleavings.</summary>
internal sealed class EventLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries
    {
        get { lock (_gate) return _entries.ToArray(); }
    }

    public void Add(string entry)
    {
        lock (_gate) _entries.Add(entry);
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>A compact text for a value passed to a script function.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "undefined",
        HotData data => $"data({data.OwnerPath})",
        JsonElement json => json.GetRawText(),
        FakeModule module => module.Name,
        object?[] array => "[" + string.Join(", ", array.Select(Describe)) + "]",
        IScriptObject other => other.ToString() ?? "object",
        _ => value.ToString() ?? "",
    };
}
