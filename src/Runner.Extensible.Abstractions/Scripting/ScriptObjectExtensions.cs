using System.Globalization;

namespace Runner.Extensible.Scripting;

/// <summary>Conveniences for reading script objects from C#.</summary>
public static class ScriptObjectExtensions
{
    /// <summary>Reads a property and converts it to <typeparamref name="T"/> (numbers convert between numeric types).</summary>
    /// <param name="target">The object.</param>
    /// <param name="name">The property name.</param>
    /// <exception cref="InvalidCastException">The value is not convertible; the message names the property and both types.</exception>
    public static T? Get<T>(this IScriptObject target, string name) => ConvertTo<T>(target.GetProperty(name), name);

    /// <summary>Reads a property that must be a function.</summary>
    /// <param name="target">The object.</param>
    /// <param name="name">The property name.</param>
    /// <exception cref="InvalidOperationException">The property is missing or not a function.</exception>
    public static IScriptFunction GetFunction(this IScriptObject target, string name) =>
        target.GetProperty(name) as IScriptFunction
        ?? throw new InvalidOperationException($"'{name}' is not a function on this script object (keys: {string.Join(", ", target.GetKeys())}).");

    /// <summary>Calls the function property <paramref name="name"/> and converts its (awaited) result.</summary>
    /// <param name="target">The object.</param>
    /// <param name="name">The function's property name.</param>
    /// <param name="arguments">The arguments.</param>
    public static async Task<T?> InvokeAsync<T>(this IScriptObject target, string name, params object?[] arguments) =>
        ConvertTo<T>(await target.GetFunction(name).InvokeAsync(arguments).ConfigureAwait(false), name);

    /// <summary>Calls the function and converts its (awaited) result.</summary>
    /// <param name="function">The function.</param>
    /// <param name="arguments">The arguments.</param>
    public static async Task<T?> InvokeAsync<T>(this IScriptFunction function, params object?[] arguments) =>
        ConvertTo<T>(await function.InvokeAsync(arguments).ConfigureAwait(false), "result");

    private static T? ConvertTo<T>(object? value, string what)
    {
        if (value is null) return default;
        if (value is T typed) return typed;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is IConvertible && (target.IsPrimitive || target == typeof(decimal)))
            return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        throw new InvalidCastException($"'{what}' is a {value.GetType().Name}, which cannot be converted to {typeof(T).Name}.");
    }
}
