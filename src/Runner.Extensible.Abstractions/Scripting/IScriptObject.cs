namespace Runner.Extensible.Scripting;

/// <summary>
/// A live .NET view of an object that lives in a script engine (a module's exports, an object a function
/// returned). Members may be read from any thread: an evaluator marshals to its engine thread as needed.
/// </summary>
/// <remarks>
/// <para>Script values convert to .NET as follows, for every evaluator:
/// <c>undefined</c>/<c>null</c> → <c>null</c>; boolean → <see cref="bool"/>; number → <see cref="double"/>;
/// BigInt → <see cref="System.Numerics.BigInteger"/>; string → <see cref="string"/>; function →
/// <see cref="IScriptFunction"/>; promise → <see cref="Task{TResult}"/> of <see cref="object"/> (a rejection
/// faults it with <see cref="ScriptException"/>); array → <see cref="IReadOnlyList{T}"/> of converted
/// elements (a snapshot); any other object → <see cref="IScriptObject"/> (live).</para>
/// <para>.NET values convert to script values as follows: <c>null</c> → <c>undefined</c>; bool, numeric
/// types, string as expected; an <see cref="IScriptObject"/> of the same evaluator → that object; a
/// <see cref="Delegate"/> → a function; a <see cref="Task"/> → a promise; a
/// <see cref="System.Text.Json.JsonElement"/> → the JSON value; <see cref="Hmr.HotData"/> → the persistent
/// <c>hot.data</c> object; <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string → a plain object;
/// any other <see cref="System.Collections.IEnumerable"/> → an array. Anything else is an
/// <see cref="ArgumentException"/> naming the type.</para>
/// <para>Implementations compare equal when they refer to the same script object.</para>
/// </remarks>
public interface IScriptObject
{
    /// <summary>The object's own enumerable string keys, in the engine's order.</summary>
    IReadOnlyList<string> GetKeys();

    /// <summary>Whether the object (or its prototype chain) has the property.</summary>
    /// <param name="name">The property name.</param>
    bool HasProperty(string name);

    /// <summary>Reads a property (running getters) and converts it to .NET.</summary>
    /// <param name="name">The property name.</param>
    /// <exception cref="ScriptException">A getter threw.</exception>
    object? GetProperty(string name);
}
