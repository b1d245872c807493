using System.Text;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>Objects, arrays, properties and calls.</summary>
internal sealed unsafe partial class JsContext
{
    private const int StackArgumentLimit = 16;

    public JsValue CreateObject()
    {
        Check(NodeApi.napi_create_object(Env, out var v));
        return new JsValue(v);
    }

    public JsValue CreateArray(int length = 0)
    {
        Check(NodeApi.napi_create_array_with_length(Env, (nuint)length, out var v));
        return new JsValue(v);
    }

    public int GetArrayLength(JsValue array)
    {
        Check(NodeApi.napi_get_array_length(Env, array.Handle, out var length));
        return (int)length;
    }

    public JsValue GetElement(JsValue array, int index)
    {
        Check(NodeApi.napi_get_element(Env, array.Handle, (uint)index, out var v));
        return new JsValue(v);
    }

    public void SetElement(JsValue array, int index, JsValue value) =>
        Check(NodeApi.napi_set_element(Env, array.Handle, (uint)index, value.Handle));

    public JsValue GetProperty(JsValue target, string name) => GetProperty(target, CreateString(name));

    public JsValue GetProperty(JsValue target, JsValue key)
    {
        Check(NodeApi.napi_get_property(Env, target.Handle, key.Handle, out var v));
        return new JsValue(v);
    }

    public void SetProperty(JsValue target, string name, JsValue value) => SetProperty(target, CreateString(name), value);

    public void SetProperty(JsValue target, JsValue key, JsValue value) =>
        Check(NodeApi.napi_set_property(Env, target.Handle, key.Handle, value.Handle));

    public bool HasProperty(JsValue target, string name)
    {
        Check(NodeApi.napi_has_property(Env, target.Handle, CreateString(name).Handle, out var result));
        return result;
    }

    public bool DeleteProperty(JsValue target, string name)
    {
        Check(NodeApi.napi_delete_property(Env, target.Handle, CreateString(name).Handle, out var result));
        return result;
    }

    /// <summary>Reads a property whose name is ASCII without creating a JavaScript string first.</summary>
    internal JsValue GetNamedProperty(JsValue target, ReadOnlySpan<byte> utf8NameWithNul)
    {
        nint v;
        fixed (byte* p = utf8NameWithNul)
        {
            Check(NodeApi.napi_get_named_property(Env, target.Handle, p, out v));
        }
        return new JsValue(v);
    }

    /// <summary>The object's own enumerable string keys, in property order.</summary>
    public IReadOnlyList<string> GetOwnKeys(JsValue target)
    {
        Check(NodeApi.napi_get_all_property_names(Env, target.Handle, NapiKeyCollectionMode.OwnOnly,
            NapiKeyFilter.Enumerable | NapiKeyFilter.SkipSymbols, NapiKeyConversion.NumbersToStrings, out var names));
        var array = new JsValue(names);
        var length = GetArrayLength(array);
        var keys = new string[length];
        for (var i = 0; i < length; i++) keys[i] = GetString(GetElement(array, i));
        return keys;
    }

    public JsValue GetPrototype(JsValue target)
    {
        Check(NodeApi.napi_get_prototype(Env, target.Handle, out var v));
        return new JsValue(v);
    }

    public void Seal(JsValue target) => Check(NodeApi.napi_object_seal(Env, target.Handle));

    public void Freeze(JsValue target) => Check(NodeApi.napi_object_freeze(Env, target.Handle));

    /// <summary>Calls <paramref name="function"/> with <paramref name="thisValue"/> (empty: undefined).</summary>
    public JsValue Call(JsValue function, JsValue thisValue, ReadOnlySpan<JsValue> args)
    {
        var receiver = thisValue.IsEmpty ? Undefined : thisValue;
        nint result;
        fixed (JsValue* argv = args)
        {
            // JsValue is a single nint, so the span is already a napi_value array.
            Check(NodeApi.napi_call_function(Env, receiver.Handle, function.Handle, (nuint)args.Length, (nint*)argv, out result));
        }
        return new JsValue(result);
    }

    public JsValue Call(JsValue function, JsValue thisValue) => Call(function, thisValue, []);

    public JsValue Call(JsValue function, JsValue thisValue, JsValue arg0) => Call(function, thisValue, [arg0]);

    public JsValue Call(JsValue function, JsValue thisValue, JsValue arg0, JsValue arg1) => Call(function, thisValue, [arg0, arg1]);

    /// <summary><c>new constructor(...args)</c>.</summary>
    public JsValue New(JsValue constructor, ReadOnlySpan<JsValue> args)
    {
        nint result;
        fixed (JsValue* argv = args)
        {
            Check(NodeApi.napi_new_instance(Env, constructor.Handle, (nuint)args.Length, (nint*)argv, out result));
        }
        return new JsValue(result);
    }

    /// <summary>Calls a JavaScript function with .NET arguments, converting each.</summary>
    public JsValue CallWithClrArgs(JsValue function, JsValue thisValue, ReadOnlySpan<object?> args)
    {
        if (args.Length <= StackArgumentLimit)
        {
            Span<JsValue> converted = stackalloc JsValue[args.Length];
            for (var i = 0; i < args.Length; i++) converted[i] = FromClr(args[i]);
            return Call(function, thisValue, converted);
        }
        var many = new JsValue[args.Length];
        for (var i = 0; i < args.Length; i++) many[i] = FromClr(args[i]);
        return Call(function, thisValue, many);
    }

    internal static byte[] Utf8Z(string name) => Encoding.UTF8.GetBytes(name + "\0");
}
