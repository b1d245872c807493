using Runner.Extensible.Scripting;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// A JavaScript exception surfaced in .NET. <see cref="ScriptException.ThrownValue"/> holds the thrown
/// value (a <see cref="JsReference"/>, or a <see cref="ThrownPrimitive"/>), so passing the exception back
/// into JavaScript rethrows the very same value.
/// </summary>
internal sealed class JsException(string name, string message, string? stack, object? thrownValue)
    : ScriptException(name, message, stack, thrownValue)
{
    /// <summary>The error's <c>name</c> (empty when a non-Error value was thrown).</summary>
    public string JsName => ErrorName;

    /// <summary>The error's <c>message</c>, or the thrown value as a string.</summary>
    public string JsMessage => ErrorMessage;

    /// <summary>The error's <c>stack</c> as JavaScript formatted it (source-mapped when the evaluator installed a mapper).</summary>
    public string? JsStack => ScriptStack;
}

/// <summary>A thrown primitive (<c>throw 42</c>), kept as its .NET value: Node-API cannot reference primitives.</summary>
/// <param name="Value">The converted value.</param>
internal sealed record ThrownPrimitive(object? Value);
