using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>Calls script functions so that a .NET-side throw becomes a faulted task like a script throw.</summary>
internal static class ScriptCalls
{
    /// <summary>
    /// Calls <paramref name="function"/> with the argument list <paramref name="arguments"/> (deliberately not
    /// <c>params</c>: an accept callback's single array argument must be wrapped by the caller, never spread).
    /// A synchronous exception from the evaluator comes back as a faulted task, so callers handle every
    /// failure in one place.
    /// </summary>
    public static Task<object?> InvokeSafely(IScriptFunction function, object?[] arguments)
    {
        try
        {
            return function.InvokeAsync(arguments);
        }
        catch (Exception ex)
        {
            return Task.FromException<object?>(ex);
        }
    }
}
