namespace Runner.Extensible.Scripting;

/// <summary>A .NET view of a script function. May be called from any thread.</summary>
public interface IScriptFunction : IScriptObject
{
    /// <summary>
    /// Calls the function with <c>this</c> undefined and the converted <paramref name="arguments"/>.
    /// When it returns a promise, the task completes when the promise settles.
    /// </summary>
    /// <param name="arguments">The arguments (see <see cref="IScriptObject"/> for conversions).</param>
    /// <returns>The converted result.</returns>
    /// <exception cref="ScriptException">The function threw, or its promise rejected.</exception>
    Task<object?> InvokeAsync(params object?[] arguments);
}
