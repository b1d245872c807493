namespace Runner.Extensible.V8.Engine;

/// <summary>
/// A live JavaScript object (or symbol) seen from .NET. Members marshal to the environment's thread
/// (inline when already there); dispose to let JavaScript collect the object.
/// </summary>
internal class JsObjectHandle(JsReference reference) : IDisposable
{
    public NodeEnvironment Environment => Reference.Environment;

    internal JsReference Reference { get; } = reference;

    /// <summary>The object as a <see cref="JsValue"/> in the current work item.</summary>
    public JsValue GetValue(JsContext context) => context.GetReferenceValue(Reference);

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

    public void Dispose()
    {
        Reference.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A live JavaScript function seen from .NET.</summary>
internal sealed class JsFunctionHandle(JsReference reference) : JsObjectHandle(reference)
{
    /// <summary>Calls the function with <c>this</c> undefined; a returned promise is awaited.</summary>
    public Task<object?> InvokeAsync(params object?[] args) =>
        Environment.InvokeAsync(context =>
        {
            var result = context.CallWithClrArgs(GetValue(context), default, args);
            return context.IsPromise(result) ? context.AwaitPromise(result) : Task.FromResult(context.ToClr(result));
        }).Unwrap();

    /// <summary>Calls the function and returns its result unconverted-promise-wise (a promise comes back as a Task).</summary>
    public object? Invoke(params object?[] args) =>
        Environment.Invoke(context => context.ToClr(context.CallWithClrArgs(GetValue(context), default, args)));

    /// <summary>The function as a .NET delegate.</summary>
    public Func<object?[], Task<object?>> ToDelegate() => InvokeAsync;
}
