using System.Diagnostics;
using System.Runtime.CompilerServices;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// Node-API for one environment: values, objects, functions, references, promises and errors.
/// Usable only on the environment's thread, from a posted work item or a JavaScript callback;
/// <see cref="NodeEnvironment"/> hands it out there.
/// </summary>
internal sealed unsafe partial class JsContext
{
    internal JsContext(NodeEnvironment environment, nint env)
    {
        Environment = environment;
        Env = env;
    }

    /// <summary>The environment this context belongs to.</summary>
    public NodeEnvironment Environment { get; }

    /// <summary>The <c>napi_env</c>.</summary>
    internal nint Env { get; }

    public JsValue Undefined
    {
        get
        {
            NodeApi.napi_get_undefined(Env, out var v);
            return new JsValue(v);
        }
    }

    public JsValue Null
    {
        get
        {
            NodeApi.napi_get_null(Env, out var v);
            return new JsValue(v);
        }
    }

    /// <summary>The global object of the main context (Node's, with <c>process</c> and friends).</summary>
    public JsValue Global
    {
        get
        {
            NodeApi.napi_get_global(Env, out var v);
            return new JsValue(v);
        }
    }

    /// <summary>Throws the .NET view of a failed Node-API call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check(NapiStatus status)
    {
        if (status != NapiStatus.Ok) ThrowFailure(status);
    }

    [StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowFailure(NapiStatus status)
    {
        // Read the error info first: the next Node-API call overwrites it.
        string detail = string.Empty;
        if (NodeApi.napi_get_last_error_info(Env, out var info) == NapiStatus.Ok && info != null && info->ErrorMessage != null)
            detail = NativeText.Read(info->ErrorMessage);

        var reason = HostApi.rx_env_is_terminating(Environment.Native);
        NodeApi.napi_is_exception_pending(Env, out var pending);
        if (pending || status == NapiStatus.PendingException)
        {
            NodeApi.napi_get_and_clear_last_exception(Env, out var exception);
            if (reason != TerminationReason.None) throw new JsTerminatedException(reason);
            throw CreateException(new JsValue(exception));
        }
        if (reason != TerminationReason.None) throw new JsTerminatedException(reason);
        throw new InvalidOperationException($"Node-API call failed with {status}{(detail.Length > 0 ? ": " + detail : string.Empty)}.");
    }

    /// <summary>Discards an exception Node-API may still hold (after a termination it holds <c>null</c>).</summary>
    internal void ClearPendingException()
    {
        if (NodeApi.napi_is_exception_pending(Env, out var pending) == NapiStatus.Ok && pending)
            NodeApi.napi_get_and_clear_last_exception(Env, out _);
    }

    internal nint OpenHandleScope()
    {
        Check(NodeApi.napi_open_handle_scope(Env, out var scope));
        return scope;
    }

    internal void CloseHandleScope(nint scope) => NodeApi.napi_close_handle_scope(Env, scope);

    public NapiValueType TypeOf(JsValue value)
    {
        Check(NodeApi.napi_typeof(Env, value.Handle, out var type));
        return type;
    }

    public JsValue CreateBoolean(bool value)
    {
        Check(NodeApi.napi_get_boolean(Env, value, out var v));
        return new JsValue(v);
    }

    public JsValue CreateNumber(double value)
    {
        Check(NodeApi.napi_create_double(Env, value, out var v));
        return new JsValue(v);
    }

    public JsValue CreateString(string value)
    {
        nint v;
        fixed (char* p = value)
        {
            Check(NodeApi.napi_create_string_utf16(Env, p, (nuint)value.Length, out v));
        }
        return new JsValue(v);
    }

    public bool GetBoolean(JsValue value)
    {
        Check(NodeApi.napi_get_value_bool(Env, value.Handle, out var b));
        return b;
    }

    public double GetNumber(JsValue value)
    {
        Check(NodeApi.napi_get_value_double(Env, value.Handle, out var d));
        return d;
    }

    /// <summary>Reads a JavaScript string (not coerced; use <see cref="CoerceToString"/> for other values).</summary>
    public string GetString(JsValue value)
    {
        Check(NodeApi.napi_get_value_string_utf16(Env, value.Handle, null, 0, out var length));
        if (length == 0) return string.Empty;
        // napi writes a terminating NUL, so the buffer needs one more char than the string.
        var size = (int)length + 1;
        if (size <= 512)
        {
            var buffer = stackalloc char[size];
            Check(NodeApi.napi_get_value_string_utf16(Env, value.Handle, buffer, (nuint)size, out var copied));
            return new string(buffer, 0, (int)copied);
        }
        var rented = System.Buffers.ArrayPool<char>.Shared.Rent(size);
        try
        {
            fixed (char* p = rented)
            {
                Check(NodeApi.napi_get_value_string_utf16(Env, value.Handle, p, (nuint)size, out var copied));
                return new string(p, 0, (int)copied);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary><c>String(value)</c>.</summary>
    public string CoerceToString(JsValue value)
    {
        Check(NodeApi.napi_coerce_to_string(Env, value.Handle, out var s));
        return GetString(new JsValue(s));
    }

    public bool StrictEquals(JsValue a, JsValue b)
    {
        Check(NodeApi.napi_strict_equals(Env, a.Handle, b.Handle, out var result));
        return result;
    }

    public bool IsArray(JsValue value)
    {
        Check(NodeApi.napi_is_array(Env, value.Handle, out var result));
        return result;
    }

    public bool IsError(JsValue value)
    {
        Check(NodeApi.napi_is_error(Env, value.Handle, out var result));
        return result;
    }

    public bool IsPromise(JsValue value)
    {
        Check(NodeApi.napi_is_promise(Env, value.Handle, out var result));
        return result;
    }

    public bool IsDate(JsValue value)
    {
        Check(NodeApi.napi_is_date(Env, value.Handle, out var result));
        return result;
    }

    public bool InstanceOf(JsValue value, JsValue constructor)
    {
        Check(NodeApi.napi_instanceof(Env, value.Handle, constructor.Handle, out var result));
        return result;
    }

    public JsValue CreateDate(DateTimeOffset time)
    {
        Check(NodeApi.napi_create_date(Env, time.ToUnixTimeMilliseconds(), out var v));
        return new JsValue(v);
    }

    public DateTimeOffset GetDate(JsValue value)
    {
        Check(NodeApi.napi_get_date_value(Env, value.Handle, out var ms));
        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    /// <summary>Keeps <paramref name="value"/> alive beyond the current work item.</summary>
    public JsReference CreateReference(JsValue value)
    {
        Check(NodeApi.napi_create_reference(Env, value.Handle, 1, out var reference));
        Environment.OnReferenceCreated();
        return new JsReference(Environment, reference);
    }

    public JsValue GetReferenceValue(JsReference reference)
    {
        if (reference.Environment != Environment)
            throw new InvalidOperationException("The reference belongs to another JavaScript environment.");
        var handle = reference.Handle;
        if (handle == 0) throw new ObjectDisposedException(nameof(JsReference));
        Check(NodeApi.napi_get_reference_value(Env, handle, out var v));
        return new JsValue(v);
    }

    internal void DeleteReference(nint reference)
    {
        NodeApi.napi_delete_reference(Env, reference);
        Environment.OnReferenceDeleted();
    }
}
