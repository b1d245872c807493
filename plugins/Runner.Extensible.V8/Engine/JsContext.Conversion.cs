using System.Collections;
using System.Numerics;
using System.Reflection;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// JavaScript ↔ .NET values. JS → .NET: undefined/null → null, boolean → bool, number → double,
/// string, bigint → BigInteger, array → object?[] (a copy), Date → DateTimeOffset, promise →
/// Task&lt;object?&gt;, function → <see cref="JsFunctionHandle"/>, other objects and symbols →
/// <see cref="JsObjectHandle"/> (live). .NET → JS is the reverse, plus dictionaries and plain
/// objects → objects, enumerables → arrays, delegates → functions, exceptions → Errors.
/// </summary>
internal sealed unsafe partial class JsContext
{
    // Arrays nested deeper than this (or cyclic) stay live handles instead of being copied.
    private const int MaxCopyDepth = 64;

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
        if (IsDate(value)) return GetDate(value);
        return new JsObjectHandle(CreateReference(value));
    }

    public JsValue FromClr(object? value) => value switch
    {
        null => Null,
        JsUndefined => Undefined,
        bool b => CreateBoolean(b),
        string s => CreateString(s),
        char c => CreateString(c.ToString()),
        double d => CreateNumber(d),
        int i => CreateNumber(i),
        long l => CreateNumber(l),
        float f => CreateNumber(f),
        short or ushort or byte or sbyte or uint or ulong or decimal => CreateNumber(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        BigInteger big => CreateBigInteger(big),
        Enum e => CreateNumber(Convert.ToDouble(e, System.Globalization.CultureInfo.InvariantCulture)),
        DateTimeOffset dto => CreateDate(dto),
        DateTime dt => CreateDate(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt)),
        Guid or Uri => CreateString(value.ToString()!),
        JsObjectHandle handle => GetReferenceValue(handle.Reference),
        JsReference reference => GetReferenceValue(reference),
        Task task => CreatePromise(task),
        ValueTask or ValueTask<object?> => CreatePromise(TaskResults.FromValueTask(value)!),
        JsFunctionCallback callback => CreateFunction(callback.Method.Name, callback),
        Func<object?[], object?> variadic => CreateFunction(variadic.Method.Name, (context, args) => context.FromClr(variadic(context.ArgumentsToClr(args)))),
        Delegate del => CreateDelegateFunction(del),
        Exception exception => CreateErrorFrom(exception),
        _ => FromClrComposite(value),
    };

    /// <summary>Converts every argument of a JavaScript call.</summary>
    public object?[] ArgumentsToClr(JsCallbackArgs args)
    {
        if (args.Length == 0) return [];
        var result = new object?[args.Length];
        for (var i = 0; i < args.Length; i++) result[i] = ToClr(args[i]);
        return result;
    }

    private JsValue FromClrComposite(object value)
    {
        if (TaskResults.FromValueTask(value) is { } valueTask) return CreatePromise(valueTask);
        switch (value)
        {
            case IDictionary<string, object?> dictionary:
                return ObjectFrom(dictionary);
            case IReadOnlyDictionary<string, object?> readOnly:
                return ObjectFrom(readOnly);
            case IDictionary legacy:
            {
                var obj = CreateObject();
                foreach (DictionaryEntry entry in legacy)
                    SetProperty(obj, Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, FromClr(entry.Value));
                return obj;
            }
            case IEnumerable sequence:
            {
                var array = CreateArray();
                var index = 0;
                foreach (var item in sequence) SetElement(array, index++, FromClr(item));
                return array;
            }
        }
        // Plain objects (records, anonymous types): their public readable properties.
        var plain = CreateObject();
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
            SetProperty(plain, property.Name, FromClr(property.GetValue(value)));
        }
        return plain;
    }

    private JsValue ObjectFrom(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        var obj = CreateObject();
        foreach (var (key, item) in entries) SetProperty(obj, key, FromClr(item));
        return obj;
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
        if (underlying.IsEnum) return Enum.ToObject(underlying, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(underlying))
            return Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture);
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
