using System.Runtime.InteropServices;

namespace Runner.Extensible.V8.Engine.Native;

/// <summary>
/// Node-API (<c>napi_*</c>) entry points exported by libnode. Every call must happen on the
/// environment's thread inside a scope; anything else is an <c>abort()</c>, not an error status.
/// </summary>
internal static unsafe partial class NodeApi
{
    /// <summary>Resolved by <see cref="NativeLibraryLocator"/> to the already loaded libnode image.</summary>
    internal const string Library = "libnode.so.108";

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_get_undefined(nint env, out nint result);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_get_null(nint env, out nint result);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_get_global(nint env, out nint result);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_get_boolean(nint env, [MarshalAs(UnmanagedType.U1)] bool value, out nint result);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_typeof(nint env, nint value, out NapiValueType result);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_get_value_double(nint env, nint value, out double result);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial NapiStatus napi_get_value_bool(nint env, nint value, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_double(nint env, double value, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_int32(nint env, int value, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_string_utf16(nint env, char* str, nuint length, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_string_utf8(nint env, byte* str, nuint length, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_value_string_utf16(nint env, nint value, char* buf, nuint bufsize, out nuint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_symbol(nint env, nint description, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_bigint_words(nint env, int signBit, nuint wordCount, ulong* words, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_value_bigint_words(nint env, nint value, int* signBit, nuint* wordCount, ulong* words);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_object(nint env, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_array_with_length(nint env, nuint length, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_date(nint env, double time, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_is_date(nint env, nint value, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_date_value(nint env, nint value, out double result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_error(nint env, nint code, nint msg, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_type_error(nint env, nint code, nint msg, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_is_array(nint env, nint value, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_is_error(nint env, nint value, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_is_promise(nint env, nint value, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_array_length(nint env, nint value, out uint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_all_property_names(nint env, nint obj, NapiKeyCollectionMode mode, NapiKeyFilter filter, NapiKeyConversion conversion, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_property(nint env, nint obj, nint key, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_set_property(nint env, nint obj, nint key, nint value);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_has_property(nint env, nint obj, nint key, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_delete_property(nint env, nint obj, nint key, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_named_property(nint env, nint obj, byte* utf8name, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_set_named_property(nint env, nint obj, byte* utf8name, nint value);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_element(nint env, nint obj, uint index, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_set_element(nint env, nint obj, uint index, nint value);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_prototype(nint env, nint obj, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_object_freeze(nint env, nint obj);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_object_seal(nint env, nint obj);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_strict_equals(nint env, nint lhs, nint rhs, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_instanceof(nint env, nint obj, nint constructor, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_coerce_to_string(nint env, nint value, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_call_function(nint env, nint recv, nint func, nuint argc, nint* argv, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_new_instance(nint env, nint constructor, nuint argc, nint* argv, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_function(nint env, byte* utf8name, nuint length, delegate* unmanaged[Cdecl]<nint, nint, nint> cb, nint data, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_cb_info(nint env, nint cbinfo, nuint* argc, nint* argv, nint* thisArg, nint* data);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_add_finalizer(nint env, nint jsObject, nint finalizeData, delegate* unmanaged[Cdecl]<nint, nint, nint, void> finalizeCb, nint finalizeHint, nint* result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_reference(nint env, nint value, uint initialRefcount, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_delete_reference(nint env, nint reference);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_reference_value(nint env, nint reference, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_open_handle_scope(nint env, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_close_handle_scope(nint env, nint scope);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_throw(nint env, nint error);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_is_exception_pending(nint env, [MarshalAs(UnmanagedType.U1)] out bool result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_and_clear_last_exception(nint env, out nint result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_get_last_error_info(nint env, out NapiExtendedErrorInfo* result);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_create_promise(nint env, out nint deferred, out nint promise);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_resolve_deferred(nint env, nint deferred, nint resolution);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_reject_deferred(nint env, nint deferred, nint rejection);

    [LibraryImport(Library)]
    internal static partial NapiStatus napi_run_script(nint env, nint script, out nint result);
}

/// <summary><c>napi_status</c>.</summary>
internal enum NapiStatus
{
    Ok,
    InvalidArg,
    ObjectExpected,
    StringExpected,
    NameExpected,
    FunctionExpected,
    NumberExpected,
    BooleanExpected,
    ArrayExpected,
    GenericFailure,
    PendingException,
    Cancelled,
    EscapeCalledTwice,
    HandleScopeMismatch,
    CallbackScopeMismatch,
    QueueFull,
    Closing,
    BigintExpected,
    DateExpected,
    ArraybufferExpected,
    DetachableArraybufferExpected,
    WouldDeadlock,
    NoExternalBuffersAllowed,
    CannotRunJs,
}

/// <summary><c>napi_valuetype</c>: the result of <c>typeof</c>, plus null.</summary>
internal enum NapiValueType
{
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Symbol,
    Object,
    Function,
    External,
    BigInt,
}

internal enum NapiKeyCollectionMode
{
    IncludePrototypes,
    OwnOnly,
}

[Flags]
internal enum NapiKeyFilter
{
    AllProperties = 0,
    Writable = 1,
    Enumerable = 1 << 1,
    Configurable = 1 << 2,
    SkipStrings = 1 << 3,
    SkipSymbols = 1 << 4,
}

internal enum NapiKeyConversion
{
    KeepNumbers,
    NumbersToStrings,
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NapiExtendedErrorInfo
{
    public byte* ErrorMessage;
    public nint EngineReserved;
    public uint EngineErrorCode;
    public NapiStatus ErrorCode;
}
