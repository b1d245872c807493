using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Tests.Evaluation;

/// <summary>
/// How a broken evaluator's .NET views differ from the real ones. Views wrap the real objects; whatever goes back
/// to the engine (arguments, imports) is unwrapped, so only what .NET sees is broken.
/// </summary>
public class ViewRules
{
    /// <summary>Changes a value read from a view (after it was wrapped).</summary>
    public virtual object? Read(object? value) => value;

    /// <summary>Reads a property of a view (<paramref name="read"/> reads it now).</summary>
    public virtual object? ReadProperty(View view, string name, Func<object?> read) => read();

    /// <summary>Changes the keys a view reports.</summary>
    public virtual IReadOnlyList<string> Keys(IReadOnlyList<string> keys) => keys;

    /// <summary>Changes the arguments of a call (after they were unwrapped).</summary>
    public virtual object?[] Arguments(object?[] arguments) => arguments;

    /// <summary>Changes how a call's task ends.</summary>
    public virtual Task<object?> Call(Func<Task<object?>> call) => call();

    /// <summary>Whether views of one object are equal.</summary>
    public virtual bool EqualByTarget => true;

    /// <summary>Whether a function is handed out as a function.</summary>
    public virtual bool FunctionsCallable => true;

    /// <summary>Checks each use of a view (for example the thread it is used on).</summary>
    public virtual void OnUse(View view)
    {
    }

    /// <summary>Wraps engine values in views, deeply.</summary>
    public object? Wrap(object? value) => value switch
    {
        View => value,
        IScriptFunction function when FunctionsCallable => new FunctionView(function, this),
        IScriptObject target => new View(target, this),
        Task<object?> task => WrapTask(task),
        IReadOnlyList<object?> list => list.Select(Wrap).ToArray(),
        _ => value,
    };

    /// <summary>Takes views off values going back to the engine, deeply.</summary>
    public static object? Unwrap(object? value) => value switch
    {
        View view => view.Target,
        object?[] array => array.Select(Unwrap).ToArray(),
        _ => value,
    };

    private async Task<object?> WrapTask(Task<object?> task) => Wrap(await task);

    /// <summary>A view of a script object.</summary>
    public class View(IScriptObject target, ViewRules rules) : IScriptObject
    {
        private readonly int _createdOn = Environment.CurrentManagedThreadId;

        public IScriptObject Target { get; } = target;

        public int CreatedOnThread => _createdOn;

        protected ViewRules Rules { get; } = rules;

        public IReadOnlyList<string> GetKeys()
        {
            Rules.OnUse(this);
            return Rules.Keys(Target.GetKeys());
        }

        public bool HasProperty(string name)
        {
            Rules.OnUse(this);
            return Target.HasProperty(name);
        }

        public object? GetProperty(string name)
        {
            Rules.OnUse(this);
            return Rules.ReadProperty(this, name, () => Rules.Read(Rules.Wrap(Target.GetProperty(name))));
        }

        public override bool Equals(object? obj) => Rules.EqualByTarget ? obj is View other && other.Target.Equals(Target) : ReferenceEquals(this, obj);

        public override int GetHashCode() => Rules.EqualByTarget ? Target.GetHashCode() : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

        public override string? ToString() => Target.ToString();
    }

    /// <summary>A view of a script function.</summary>
    public sealed class FunctionView(IScriptFunction target, ViewRules rules) : View(target, rules), IScriptFunction
    {
        public async Task<object?> InvokeAsync(params object?[] arguments)
        {
            Rules.OnUse(this);
            var unwrapped = Rules.Arguments(arguments.Select(Unwrap).ToArray());
            return Rules.Read(Rules.Wrap(await Rules.Call(() => target.InvokeAsync(unwrapped))));
        }
    }
}
