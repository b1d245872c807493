using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// A live JavaScript object (or symbol) seen from .NET. Members marshal to the environment's thread
/// (inline when already there; blocking otherwise for the synchronous <see cref="IScriptObject"/>
/// members). Dispose to let JavaScript collect the object sooner than the .NET GC would.
/// </summary>
internal class JsObjectHandle(JsReference reference) : IScriptObject, IDisposable
{
    private long _identity;

    public NodeEnvironment Environment => Reference.Environment;

    internal JsReference Reference { get; } = reference;

    /// <summary>The object as a <see cref="JsValue"/> in the current work item.</summary>
    public JsValue GetValue(JsContext context) => context.GetReferenceValue(Reference);

    /// <inheritdoc />
    public IReadOnlyList<string> GetKeys() => Environment.Invoke(context => context.TypeOf(GetValue(context)) == NapiValueType.Symbol
        ? []
        : context.GetOwnKeys(GetValue(context)));

    /// <inheritdoc />
    public bool HasProperty(string name) => Environment.Invoke(context => context.TypeOf(GetValue(context)) != NapiValueType.Symbol
        && context.HasProperty(GetValue(context), name));

    /// <inheritdoc />
    public object? GetProperty(string name) => Environment.Invoke(context => context.ToClr(context.GetProperty(GetValue(context), name)));

    public Task<object?> GetAsync(string name) =>
        Environment.InvokeAsync(context => context.ToClr(context.GetProperty(GetValue(context), name)));

    public Task SetAsync(string name, object? value) =>
        Environment.InvokeAsync(context => context.SetProperty(GetValue(context), name, context.FromClr(value)));

    /// <summary>The object's own enumerable string keys.</summary>
    public Task<IReadOnlyList<string>> GetKeysAsync() =>
        Environment.InvokeAsync(context => context.GetOwnKeys(GetValue(context)));

    /// <summary>A snapshot of the object's own enumerable properties, converted to .NET.</summary>
    public Task<IReadOnlyDictionary<string, object?>> ToDictionaryAsync() =>
        Environment.InvokeAsync<IReadOnlyDictionary<string, object?>>(context =>
        {
            var target = GetValue(context);
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var key in context.GetOwnKeys(target)) result[key] = context.ToClr(context.GetProperty(target, key));
            return result;
        });

    /// <summary>Calls <c>object[name](...args)</c>; a returned promise is awaited.</summary>
    public Task<object?> CallMethodAsync(string name, params object?[] args) =>
        Environment.InvokeAsync(context =>
        {
            var target = GetValue(context);
            var result = context.CallWithClrArgs(context.GetProperty(target, name), target, args);
            return context.IsPromise(result) ? context.AwaitPromise(result) : Task.FromResult(context.ToClr(result));
        }).Unwrap();

    /// <summary>Same environment and the same JavaScript object.</summary>
    public override bool Equals(object? obj) =>
        obj is JsObjectHandle other
        && other.Environment == Environment
        && (ReferenceEquals(other, this) || (Identity() is { } mine && mine == other.Identity()));

    public override int GetHashCode() => Identity() is { } id ? id.GetHashCode() : Environment.GetHashCode();

    public override string ToString() => Environment.IsRunning
        ? Environment.Invoke(context => context.TypeOf(GetValue(context)) == NapiValueType.Symbol ? "Symbol()" : "[object " + ObjectTag(context) + "]")
        : "[script object]";

    public void Dispose()
    {
        Reference.Dispose();
        GC.SuppressFinalize(this);
    }

    // Object.prototype.toString's tag: Date, Module, Array, ...
    private string ObjectTag(JsContext context)
    {
        var toString = context.GetProperty(context.GetProperty(context.GetProperty(context.Global, "Object"), "prototype"), "toString");
        var text = context.GetString(context.Call(toString, GetValue(context)));
        return text.StartsWith("[object ", StringComparison.Ordinal) ? text[8..^1] : text;
    }

    // A WeakMap-backed number in JavaScript; symbols (not WeakMap keys in Node 18) and handles of a
    // stopped environment have none and compare by reference only.
    private long? Identity()
    {
        var known = Interlocked.Read(ref _identity);
        if (known != 0) return known;
        if (!Environment.IsRunning || Reference.IsDisposed) return null;
        try
        {
            var id = Environment.Invoke(context =>
                context.TypeOf(GetValue(context)) is NapiValueType.Object or NapiValueType.Function ? context.IdentityOf(GetValue(context)) : 0);
            if (id == 0) return null;
            Interlocked.Exchange(ref _identity, id);
            return id;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}

/// <summary>A live JavaScript function seen from .NET.</summary>
internal sealed class JsFunctionHandle(JsReference reference) : JsObjectHandle(reference), IScriptFunction
{
    /// <summary>Calls the function with <c>this</c> undefined; a returned promise is awaited.</summary>
    public Task<object?> InvokeAsync(params object?[] arguments) =>
        Environment.InvokeAsync(context =>
        {
            var result = context.CallWithClrArgs(GetValue(context), default, arguments);
            return context.IsPromise(result) ? context.AwaitPromise(result) : Task.FromResult(context.ToClr(result));
        }).Unwrap();

    /// <summary>Calls the function and returns its converted result (a promise comes back as a Task).</summary>
    public object? Invoke(params object?[] args) =>
        Environment.Invoke(context => context.ToClr(context.CallWithClrArgs(GetValue(context), default, args)));

    /// <summary>The function as a .NET delegate.</summary>
    public Func<object?[], Task<object?>> ToDelegate() => InvokeAsync;
}
