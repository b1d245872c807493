using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>.NET functions callable from JavaScript, and errors thrown across the boundary.</summary>
internal sealed unsafe partial class JsContext
{
    private const int InlineArgumentCount = 8;

    private long _liveCallbacks;

    /// <summary>.NET callbacks of this environment still reachable from JavaScript (their GCHandles are alive).</summary>
    internal long LiveCallbackCount => Interlocked.Read(ref _liveCallbacks);

    /// <summary>Creates a JavaScript function that runs <paramref name="callback"/> on this thread.</summary>
    /// <remarks>The function roots <paramref name="callback"/> (and what it captures) until JavaScript collects the function.</remarks>
    public JsValue CreateFunction(string name, JsFunctionCallback callback) =>
        CreateFunction(name, new StrongRegistration(this, callback));

    /// <summary>
    /// Creates a JavaScript function that calls <paramref name="callback"/> on <paramref name="target"/>
    /// without keeping <paramref name="target"/> alive: .NET objects that hold JavaScript values which
    /// in turn hold this function would otherwise form a cycle neither garbage collector can break.
    /// Once the target is collected, calling the function throws an Error with <paramref name="releasedMessage"/>.
    /// </summary>
    public JsValue CreateWeakFunction<TTarget>(string name, TTarget target, Func<TTarget, JsContext, JsCallbackArgs, JsValue> callback, string releasedMessage)
        where TTarget : class =>
        CreateFunction(name, new WeakRegistration<TTarget>(this, target, callback, releasedMessage));

    private JsValue CreateFunction(string name, CallbackRegistration callbackRegistration)
    {
        var registration = GCHandle.Alloc(callbackRegistration);
        var data = GCHandle.ToIntPtr(registration);
        nint function;
        var utf8 = Utf8Z(name);
        NapiStatus status;
        fixed (byte* p = utf8)
        {
            status = NodeApi.napi_create_function(Env, p, (nuint)(utf8.Length - 1), &InvokeCallback, data, out function);
        }
        if (status != NapiStatus.Ok)
        {
            registration.Free();
            Check(status);
        }
        // Without a finalizer the GCHandle (and the delegate it roots) would never be released.
        status = NodeApi.napi_add_finalizer(Env, function, data, &FinalizeCallback, 0, null);
        if (status != NapiStatus.Ok)
        {
            registration.Free();
            Check(status);
        }
        Interlocked.Increment(ref _liveCallbacks);
        return new JsValue(function);
    }

    /// <summary>Throws <paramref name="error"/> as a JavaScript exception when the current callback returns.</summary>
    public void Throw(JsValue error) => Check(NodeApi.napi_throw(Env, error.Handle));

    public JsValue CreateError(string message, string? code = null)
    {
        var codeValue = code is null ? 0 : CreateString(code).Handle;
        Check(NodeApi.napi_create_error(Env, codeValue, CreateString(message).Handle, out var error));
        return new JsValue(error);
    }

    /// <summary>
    /// Turns a .NET exception into the value JavaScript should see: the original value for an exception
    /// that came out of this environment, a revived Error (name, code, stack) for other script errors
    /// and server errors, and an Error carrying <c>dotnetType</c> for anything else.
    /// </summary>
    public JsValue CreateErrorFrom(Exception exception)
    {
        switch (exception)
        {
            case ScriptException { ThrownValue: JsReference original } when original.Environment == Environment && !original.IsDisposed:
                return GetReferenceValue(original);
            case ScriptException { ThrownValue: ThrownPrimitive primitive }:
                return FromClr(primitive.Value);
            case ScriptException script:
            {
                var error = CreateError(script.ErrorMessage, script.Code);
                if (!string.IsNullOrEmpty(script.ErrorName)) SetProperty(error, "name", CreateString(script.ErrorName));
                if (script.ScriptStack is not null) SetProperty(error, "stack", CreateString(script.ScriptStack));
                return error;
            }
            case InvokeErrorException invoke:
            {
                // Vite's reviveInvokeError: a new Error with the server error's own properties assigned.
                var error = CreateError(invoke.Message);
                if (invoke.Error.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    var server = FromClr(invoke.Error);
                    foreach (var key in GetOwnKeys(server)) SetProperty(error, key, GetProperty(server, key));
                }
                return error;
            }
            default:
            {
                var error = CreateError(exception.Message);
                SetProperty(error, "dotnetType", CreateString(exception.GetType().FullName ?? exception.GetType().Name));
                return error;
            }
        }
    }

    /// <summary>Builds the .NET exception for a thrown JavaScript value.</summary>
    internal JsException CreateException(JsValue thrown)
    {
        string name = string.Empty;
        string? stack = null, code = null;
        string message;
        object? thrownValue = null;
        try
        {
            var type = TypeOf(thrown);
            if (type is NapiValueType.Object or NapiValueType.Function)
            {
                name = TryReadString(thrown, "name"u8) ?? string.Empty;
                message = TryReadString(thrown, "message"u8) ?? SafeToString(thrown);
                stack = TryReadString(thrown, "stack"u8);
                code = TryReadString(thrown, "code"u8);
                thrownValue = CreateReference(thrown);
            }
            else
            {
                message = SafeToString(thrown);
                thrownValue = new ThrownPrimitive(ToClr(thrown));
            }
        }
        catch (JsTerminatedException)
        {
            throw;
        }
        catch (Exception e)
        {
            message = $"(the thrown value could not be read: {e.Message})";
        }
        return new JsException(name, message, stack, thrownValue) { Code = code };
    }

    private string? TryReadString(JsValue target, ReadOnlySpan<byte> utf8NameWithoutNul)
    {
        Span<byte> name = stackalloc byte[utf8NameWithoutNul.Length + 1];
        utf8NameWithoutNul.CopyTo(name);
        name[^1] = 0;
        fixed (byte* p = name)
        {
            if (NodeApi.napi_get_named_property(Env, target.Handle, p, out var value) != NapiStatus.Ok)
            {
                ClearPendingException();
                return null;
            }
            if (NodeApi.napi_typeof(Env, value, out var type) != NapiStatus.Ok || type != NapiValueType.String) return null;
            return GetString(new JsValue(value));
        }
    }

    private string SafeToString(JsValue value)
    {
        if (NodeApi.napi_coerce_to_string(Env, value.Handle, out var s) != NapiStatus.Ok)
        {
            ClearPendingException();
            return "(unprintable value)";
        }
        return GetString(new JsValue(s));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint InvokeCallback(nint env, nint info)
    {
        var argv = stackalloc nint[InlineArgumentCount];
        nuint argc = InlineArgumentCount;
        nint thisArg, data;
        if (NodeApi.napi_get_cb_info(env, info, &argc, argv, &thisArg, &data) != NapiStatus.Ok) return 0;
        if (GCHandle.FromIntPtr(data).Target is not CallbackRegistration registration) return 0;

        if (argc > InlineArgumentCount)
        {
            var all = new nint[argc];
            fixed (nint* p = all)
            {
                var count = argc;
                NodeApi.napi_get_cb_info(env, info, &count, p, null, null);
                return Run(registration, thisArg, p, (int)argc);
            }
        }
        return Run(registration, thisArg, argv, (int)argc);
    }

    private static nint Run(CallbackRegistration registration, nint thisArg, nint* argv, int argc)
    {
        var context = registration.Context;
        NodeEnvironment.EnterJsScope();
        try
        {
            return registration.Invoke(context, new JsCallbackArgs(new JsValue(thisArg), argv, argc)).Handle;
        }
        catch (JsTerminatedException)
        {
            // Let the termination keep unwinding; throwing anything would be swallowed anyway.
            return 0;
        }
        catch (Exception e)
        {
            try
            {
                NodeApi.napi_throw(context.Env, context.CreateErrorFrom(e).Handle);
            }
            catch (Exception)
            {
                // Creating the error failed (e.g. during termination); nothing more can be done.
            }
            return 0;
        }
        finally
        {
            NodeEnvironment.ExitJsScope();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FinalizeCallback(nint env, nint data, nint hint)
    {
        var handle = GCHandle.FromIntPtr(data);
        if (handle.Target is CallbackRegistration registration) Interlocked.Decrement(ref registration.Context._liveCallbacks);
        handle.Free();
    }

    private abstract class CallbackRegistration(JsContext context)
    {
        public JsContext Context { get; } = context;

        public abstract JsValue Invoke(JsContext context, JsCallbackArgs args);
    }

    private sealed class StrongRegistration(JsContext context, JsFunctionCallback callback) : CallbackRegistration(context)
    {
        public override JsValue Invoke(JsContext context, JsCallbackArgs args) => callback(context, args);
    }

    private sealed class WeakRegistration<TTarget>(JsContext context, TTarget target, Func<TTarget, JsContext, JsCallbackArgs, JsValue> callback, string releasedMessage)
        : CallbackRegistration(context) where TTarget : class
    {
        private readonly WeakReference<TTarget> _target = new(target);

        public override JsValue Invoke(JsContext context, JsCallbackArgs args) => _target.TryGetTarget(out var alive)
            ? callback(alive, context, args)
            : throw new InvalidOperationException(releasedMessage);
    }
}
