using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// A JavaScript value (<c>napi_value</c>). Valid only on the environment's thread and only until
/// the work item or callback that produced it returns; keep it longer with a <see cref="JsReference"/>.
/// </summary>
internal readonly struct JsValue(nint handle) : IEquatable<JsValue>
{
    internal nint Handle { get; } = handle;

    /// <summary>True for the default value, which Node-API reads as <c>undefined</c>.</summary>
    public bool IsEmpty => Handle == 0;

    public bool Equals(JsValue other) => Handle == other.Handle;

    public override bool Equals(object? obj) => obj is JsValue other && Equals(other);

    public override int GetHashCode() => Handle.GetHashCode();

    public static bool operator ==(JsValue left, JsValue right) => left.Equals(right);

    public static bool operator !=(JsValue left, JsValue right) => !left.Equals(right);
}

/// <summary>Marks an explicit JavaScript <c>undefined</c> among .NET values (null becomes <c>null</c>).</summary>
internal sealed class JsUndefined
{
    public static readonly JsUndefined Value = new();

    private JsUndefined()
    {
    }

    public override string ToString() => "undefined";
}

/// <summary>The arguments of a call from JavaScript into .NET.</summary>
internal readonly unsafe ref struct JsCallbackArgs
{
    private readonly nint* _argv;

    internal JsCallbackArgs(JsValue thisValue, nint* argv, int length)
    {
        This = thisValue;
        _argv = argv;
        Length = length;
    }

    public JsValue This { get; }

    public int Length { get; }

    /// <summary>The argument at <paramref name="index"/>, or an empty value (<c>undefined</c>) past the end.</summary>
    public JsValue this[int index] => index < Length ? new JsValue(_argv[index]) : default;
}

/// <summary>A .NET function callable from JavaScript.</summary>
internal delegate JsValue JsFunctionCallback(JsContext context, JsCallbackArgs args);

/// <summary>Maps <see cref="NapiValueType"/> to the names JavaScript's <c>typeof</c> uses.</summary>
internal static class JsValueTypes
{
    public static string TypeOfName(NapiValueType type) => type switch
    {
        NapiValueType.Undefined => "undefined",
        NapiValueType.Null => "object",
        NapiValueType.Boolean => "boolean",
        NapiValueType.Number => "number",
        NapiValueType.String => "string",
        NapiValueType.Symbol => "symbol",
        NapiValueType.Function => "function",
        NapiValueType.BigInt => "bigint",
        _ => "object",
    };
}
