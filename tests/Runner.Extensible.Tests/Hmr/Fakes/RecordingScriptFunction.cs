using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Hmr.Fakes;

/// <summary>
/// A script function that records each call (in its own list and in the shared log as
/// <c>name(arg, …)</c>) and then runs an optional behaviour: throw, return a faulted or pending task, or
/// act on the HMR client like script code would.
/// </summary>
internal sealed class RecordingScriptFunction(string name, EventLog log, Func<object?[], Task<object?>>? behavior = null) : IScriptFunction
{
    private readonly Lock _gate = new();
    private readonly List<object?[]> _calls = [];

    public string Name { get; } = name;

    public IReadOnlyList<object?[]> Calls
    {
        get { lock (_gate) return _calls.ToArray(); }
    }

    public Task<object?> InvokeAsync(params object?[] arguments)
    {
        lock (_gate) _calls.Add(arguments);
        log.Add($"{Name}({string.Join(", ", arguments.Select(EventLog.Describe))})");
        return behavior?.Invoke(arguments) ?? Task.FromResult<object?>(null);
    }

    public IReadOnlyList<string> GetKeys() => [];

    public bool HasProperty(string name) => false;

    public object? GetProperty(string name) => null;

    public override string ToString() => Name;

    /// <summary>A behaviour that fails like a script throw would surface: a faulted task with a <see cref="ScriptException"/>.</summary>
    public static Func<object?[], Task<object?>> Rejects(string message) =>
        _ => Task.FromException<object?>(new ScriptException("Error", message, $"Error: {message}\n    at fixture.js:1:1"));

    /// <summary>A behaviour that throws synchronously from <see cref="InvokeAsync"/> (an evaluator that does not wrap errors in tasks).</summary>
    public static Func<object?[], Task<object?>> ThrowsSynchronously(string message) =>
        _ => throw new ScriptException("Error", message, $"Error: {message}\n    at fixture.js:1:1");

    /// <summary>A behaviour that runs <paramref name="action"/> (script code touching <c>import.meta.hot</c>) and returns.</summary>
    public static Func<object?[], Task<object?>> Runs(Action<object?[]> action) =>
        args =>
        {
            action(args);
            return Task.FromResult<object?>(null);
        };
}
