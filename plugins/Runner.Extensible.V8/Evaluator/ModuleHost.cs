using System.Text.Json;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Engine;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Evaluator;

/// <summary>
/// The one .NET function a module's code reaches the runner through: <c>__vite_ssr_import__</c>,
/// <c>__vite_ssr_dynamic_import__</c> and the methods of <c>import.meta.hot</c>. One per module
/// instance; JavaScript's GC releases it with the module's closures.
/// </summary>
internal sealed class ModuleHost(IModuleEvaluationContext module)
{
    private const int Import = 0;
    private const int DynamicImport = 1;
    private const int Hot = 2;

    public JsValue Invoke(JsContext context, JsCallbackArgs args)
    {
        switch ((int)context.GetNumber(args[0]))
        {
            case Import:
            {
                var url = context.GetString(args[1]);
                var metadata = ReadMetadata(context, args[2]);
                return context.CreatePromise(Start(static (m, u, meta) => m.ImportAsync(u, meta), url, metadata));
            }
            case DynamicImport:
                return context.CreatePromise(Start(static (m, u, _) => m.DynamicImportAsync(u), context.GetString(args[1]), null));
            case Hot:
                return CallHot(context, args);
            default:
                throw new InvalidOperationException("Unknown module host operation.");
        }
    }

    // An exception thrown synchronously by the core becomes a rejected promise, as in Vite's async request.
    private Task<IScriptObject> Start(Func<IModuleEvaluationContext, string, ImportMetadata?, ValueTask<IScriptObject>> import, string url, ImportMetadata? metadata)
    {
        try
        {
            return import(module, url, metadata).AsTask();
        }
        catch (Exception e)
        {
            return Task.FromException<IScriptObject>(e);
        }
    }

    // `{ importedNames: [...] }` as ssrTransform emits it; anything else means no metadata.
    private static ImportMetadata? ReadMetadata(JsContext context, JsValue value)
    {
        if (context.TypeOf(value) != NapiValueType.Object) return null;
        var names = context.GetProperty(value, "importedNames");
        var isDynamic = context.GetProperty(value, "isDynamicImport");
        var dynamic = context.TypeOf(isDynamic) == NapiValueType.Boolean && context.GetBoolean(isDynamic);
        return new ImportMetadata(context.IsArray(names) ? Strings(context, names) : null, dynamic);
    }

    private JsValue CallHot(JsContext context, JsCallbackArgs args)
    {
        var hot = module.ImportMeta.Hot ?? throw new InvalidOperationException("import.meta.hot is not available: HMR is off.");
        var operation = context.GetString(args[1]);
        switch (operation)
        {
            case "data":
                return context.FromClr(hot.Data);
            case "accept":
                hot.AcceptDependencies(Strings(context, args[2]), OptionalFunction(context, args[3]));
                break;
            case "acceptExports":
                hot.AcceptExports(Strings(context, args[2]), OptionalFunction(context, args[3]));
                break;
            case "dispose":
                hot.Dispose(RequiredFunction(context, args[2], "hot.dispose"));
                break;
            case "prune":
                hot.Prune(RequiredFunction(context, args[2], "hot.prune"));
                break;
            case "decline":
                hot.Decline();
                break;
            case "invalidate":
                hot.Invalidate(context.TypeOf(args[2]) is NapiValueType.Undefined or NapiValueType.Null ? null : context.CoerceToString(args[2]));
                break;
            case "on":
                hot.On(context.CoerceToString(args[2]), RequiredFunction(context, args[3], "hot.on"));
                break;
            case "off":
                hot.Off(context.CoerceToString(args[2]), RequiredFunction(context, args[3], "hot.off"));
                break;
            case "send":
                hot.Send(context.CoerceToString(args[2]), context.TypeOf(args[3]) == NapiValueType.String
                    ? JsonDocument.Parse(context.GetString(args[3])).RootElement.Clone()
                    : null);
                break;
            default:
                throw new InvalidOperationException($"Unknown import.meta.hot operation '{operation}'.");
        }
        return default;
    }

    private static IReadOnlyList<string> Strings(JsContext context, JsValue array)
    {
        var length = context.GetArrayLength(array);
        var result = new string[length];
        for (var i = 0; i < length; i++) result[i] = context.CoerceToString(context.GetElement(array, i));
        return result;
    }

    private static IScriptFunction? OptionalFunction(JsContext context, JsValue value) =>
        context.TypeOf(value) == NapiValueType.Function ? (IScriptFunction)context.ToClr(value)! : null;

    private static IScriptFunction RequiredFunction(JsContext context, JsValue value, string what) =>
        OptionalFunction(context, value) ?? throw new ArgumentException($"{what}() expects a function.");
}
