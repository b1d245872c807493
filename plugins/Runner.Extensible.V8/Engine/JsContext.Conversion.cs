using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// JavaScript ↔ .NET values, exactly as <see cref="IScriptObject"/> specifies. JS → .NET:
/// undefined/null → null, boolean → bool, number → double, bigint → BigInteger, string, function →
/// <see cref="JsFunctionHandle"/>, promise → Task&lt;object?&gt;, array → object?[] (a snapshot),
/// other objects and symbols → <see cref="JsObjectHandle"/> (live). .NET → JS: null → undefined,
/// bool, numbers, BigInteger and strings as expected, a handle of this environment → its value,
/// delegates → functions, tasks → promises, JsonElement → the JSON value, <see cref="HotData"/> →
/// its persistent object, string-keyed read-only dictionaries → plain objects, other enumerables →
/// arrays; anything else is an <see cref="ArgumentException"/>.
/// </summary>
internal sealed unsafe partial class JsContext
{
    // Arrays nested deeper than this (or cyclic) stay live handles instead of being copied.
    private const int MaxCopyDepth = 64;

    private readonly ConditionalWeakTable<HotData, JsReference> _hotData = new();

    public object? ToClr(JsValue value) => ToClr(value, 0);

    private object? ToClr(JsValue value, int depth)
    {
        if (value.IsEmpty) return null;
        switch (TypeOf(value))
        {
            case NapiValueType.Undefined:
            case NapiValueType.Null:
            case NapiValueType.External:
                return null;
            case NapiValueType.Boolean:
                return GetBoolean(value);
            case NapiValueType.Number:
                return GetNumber(value);
            case NapiValueType.String:
                return GetString(value);
            case NapiValueType.BigInt:
                return GetBigInteger(value);
            case NapiValueType.Function:
                return new JsFunctionHandle(CreateReference(value));
            case NapiValueType.Symbol:
                return new JsObjectHandle(CreateReference(value));
        }
        if (IsArray(value) && depth < MaxCopyDepth)
        {
            var length = GetArrayLength(value);
            var items = new object?[length];
            for (var i = 0; i < length; i++) items[i] = ToClr(GetElement(value, i), depth + 1);
            return items;
        }
        if (IsPromise(value)) return AwaitPromise(value);
        return new JsObjectHandle(CreateReference(value));
    }

    public JsValue FromClr(object? value) => value switch
    {
        null => Undefined,
        JsUndefined => Undefined,
        bool b => CreateBoolean(b),
        string s => CreateString(s),
        char c => CreateString(c.ToString()),
        double d => CreateNumber(d),
        int i => CreateNumber(i),
        long l => CreateNumber(l),
        float f => CreateNumber(f),
        short or ushort or byte or sbyte or uint or ulong or decimal => CreateNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        BigInteger big => CreateBigInteger(big),
        JsObjectHandle handle => ValueOfHandle(handle),
        JsReference reference => GetReferenceValue(reference),
        IScriptObject other => throw new ArgumentException($"The script object ({other.GetType().Name}) belongs to another evaluator or engine and cannot be passed to this V8 environment."),
        Task task => CreatePromise(task),
        JsFunctionCallback callback => CreateFunction(callback.Method.Name, callback),
        // Exact type only: delegate variance would also match Func<object?, object?> and pass the arguments as one array.
        Func<object?[], object?> variadic when value.GetType() == typeof(Func<object?[], object?>) => CreateFunction(variadic.Method.Name, (context, args) => context.FromClr(variadic(context.ArgumentsToClr(args)))),
        Delegate del => CreateDelegateFunction(del),
        JsonElement json => FromJson(json),
        HotData data => HotDataObject(data),
        _ => FromClrCollection(value),
    };

    /// <summary>Converts every argument of a JavaScript call.</summary>
    public object?[] ArgumentsToClr(JsCallbackArgs args)
    {
        if (args.Length == 0) return [];
        var result = new object?[args.Length];
        for (var i = 0; i < args.Length; i++) result[i] = ToClr(args[i]);
        return result;
    }

    private JsValue ValueOfHandle(JsObjectHandle handle)
    {
        if (handle.Environment != Environment)
            throw new ArgumentException("The script object belongs to another V8 environment and cannot be passed to this one.");
        return GetReferenceValue(handle.Reference);
    }

    // hot.data survives module instances: one persistent object per HotData, created empty on first use.
    private JsValue HotDataObject(HotData data)
    {
        if (_hotData.TryGetValue(data, out var existing)) return GetReferenceValue(existing);
        var created = CreateObject();
        _hotData.AddOrUpdate(data, CreateReference(created));
        return created;
    }

    private JsValue FromClrCollection(object value)
    {
        if (ReadOnlyDictionaries.TryEnumerate(value, out var entries))
        {
            var obj = CreateObject();
            foreach (var (key, item) in entries) SetProperty(obj, key, FromClr(item));
            return obj;
        }
        if (value is IEnumerable sequence)
        {
            var array = CreateArray();
            var index = 0;
            foreach (var item in sequence) SetElement(array, index++, FromClr(item));
            return array;
        }
        throw new ArgumentException(
            $"A value of type {value.GetType().FullName} cannot be passed to JavaScript. Use null, bool, a number, a string, " +
            "a delegate, a Task, a JsonElement, a string-keyed read-only dictionary, an enumerable or a script object.");
    }

    private JsValue FromJson(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var obj = CreateObject();
                foreach (var property in json.EnumerateObject()) SetProperty(obj, property.Name, FromJson(property.Value));
                return obj;
            }
            case JsonValueKind.Array:
            {
                var array = CreateArray(json.GetArrayLength());
                var index = 0;
                foreach (var item in json.EnumerateArray()) SetElement(array, index++, FromJson(item));
                return array;
            }
            case JsonValueKind.String:
                return CreateString(json.GetString()!);
            case JsonValueKind.Number:
                return CreateNumber(json.GetDouble());
            case JsonValueKind.True:
                return CreateBoolean(true);
            case JsonValueKind.False:
                return CreateBoolean(false);
            case JsonValueKind.Null:
                return Null;
            default:
                return Undefined;
        }
    }

    private JsValue CreateDelegateFunction(Delegate del)
    {
        var parameters = del.Method.GetParameters();
        return CreateFunction(del.Method.Name, (context, args) =>
        {
            var converted = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
                converted[i] = ConvertArgument(context.ToClr(args[i]), parameters[i].ParameterType);
            object? result;
            try
            {
                result = del.DynamicInvoke(converted);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            return del.Method.ReturnType == typeof(void) ? default : context.FromClr(result);
        });
    }

    private static object? ConvertArgument(object? value, Type target)
    {
        if (value is null) return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        if (target.IsInstanceOfType(value)) return value;
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        if (underlying.IsEnum) return Enum.ToObject(underlying, Convert.ToInt64(value, CultureInfo.InvariantCulture));
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(underlying))
            return Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture);
        if (value is object?[] array && underlying.IsAssignableTo(typeof(IEnumerable<string>)))
            return array.Select(item => item?.ToString()).ToArray();
        throw new ArgumentException($"A JavaScript value of type {value.GetType().Name} cannot be passed as {target.Name}.");
    }

    public JsValue CreateBigInteger(BigInteger value)
    {
        var sign = value.Sign < 0 ? 1 : 0;
        var magnitude = BigInteger.Abs(value).ToByteArray(isUnsigned: true, isBigEndian: false);
        var wordCount = Math.Max(1, (magnitude.Length + 7) / 8);
        var words = new ulong[wordCount];
        Buffer.BlockCopy(magnitude, 0, words, 0, magnitude.Length);
        nint result;
        fixed (ulong* p = words)
        {
            Check(NodeApi.napi_create_bigint_words(Env, sign, (nuint)wordCount, p, out result));
        }
        return new JsValue(result);
    }

    public BigInteger GetBigInteger(JsValue value)
    {
        int sign;
        nuint count;
        Check(NodeApi.napi_get_value_bigint_words(Env, value.Handle, null, &count, null));
        if (count == 0) return BigInteger.Zero;
        var words = new ulong[count];
        fixed (ulong* p = words)
        {
            Check(NodeApi.napi_get_value_bigint_words(Env, value.Handle, &sign, &count, p));
        }
        var bytes = new byte[(int)count * 8];
        Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
        var magnitude = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        return sign != 0 ? -magnitude : magnitude;
    }
}
