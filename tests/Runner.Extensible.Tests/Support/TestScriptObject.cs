using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Support;

/// <summary>
/// A script object without an engine: ordered properties backed by getters, sealable like a module namespace
/// (<c>Object.seal(exports)</c> after evaluation).
/// </summary>
public class TestScriptObject : IScriptObject
{
    private readonly object _gate = new();
    private readonly List<KeyValuePair<string, Func<object?>>> _properties = [];
    private bool _sealed;

    /// <summary>A label for failure messages (for example the module id).</summary>
    public string Label { get; init; } = "object";

    /// <summary>Whether the object was sealed.</summary>
    public bool IsSealed { get { lock (_gate) return _sealed; } }

    /// <summary>An object with fixed values.</summary>
    public static TestScriptObject FromValues(IEnumerable<KeyValuePair<string, object?>> values, string label = "object")
    {
        var result = new TestScriptObject { Label = label };
        foreach (var (key, value) in values) result.Define(key, () => value);
        return result;
    }

    /// <summary>Defines (or redefines) a getter; throws like a sealed object once sealed.</summary>
    public void Define(string name, Func<object?> getter)
    {
        lock (_gate)
        {
            var index = _properties.FindIndex(p => p.Key == name);
            if (_sealed)
                throw new ScriptException("TypeError", index < 0 ? $"Cannot add property {name}, object is not extensible" : $"Cannot redefine property: {name}", null);
            if (index >= 0) _properties[index] = new(name, getter);
            else _properties.Add(new(name, getter));
        }
    }

    /// <summary>Vite's <c>exportAll</c>: a getter per key of <paramref name="source"/> except default, __esModule and keys already present.</summary>
    public void ExportAll(IScriptObject? source)
    {
        if (source is null || ReferenceEquals(source, this)) return;
        foreach (var key in source.GetKeys())
        {
            if (key is "default" or "__esModule" || HasProperty(key)) continue;
            try { Define(key, () => source.GetProperty(key)); }
            catch (ScriptException) { /* Vite wraps each define in try/catch */ }
        }
    }

    /// <summary>Seals the object.</summary>
    public void Seal() { lock (_gate) _sealed = true; }

    /// <inheritdoc />
    public IReadOnlyList<string> GetKeys() { lock (_gate) return _properties.Select(p => p.Key).ToArray(); }

    /// <inheritdoc />
    public bool HasProperty(string name) { lock (_gate) return _properties.Any(p => p.Key == name); }

    /// <inheritdoc />
    public object? GetProperty(string name)
    {
        Func<object?>? getter;
        lock (_gate) getter = _properties.FirstOrDefault(p => p.Key == name).Value;
        return getter?.Invoke();
    }

    /// <summary>Every property's current value, for assertions.</summary>
    public IReadOnlyDictionary<string, object?> Snapshot() => GetKeys().ToDictionary(k => k, GetProperty);

    /// <inheritdoc />
    public override string ToString() => $"[{Label}: {string.Join(", ", GetKeys())}]";
}

/// <summary>A script function without an engine.</summary>
public sealed class TestScriptFunction : TestScriptObject, IScriptFunction
{
    /// <summary>What calling it does; by default returns <c>null</c> (undefined).</summary>
    public Func<object?[], Task<object?>> Body { get; init; } = _ => Task.FromResult<object?>(null);

    /// <inheritdoc />
    public Task<object?> InvokeAsync(params object?[] arguments) => Body(arguments);
}
