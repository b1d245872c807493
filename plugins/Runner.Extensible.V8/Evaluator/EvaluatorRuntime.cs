using System.Runtime.CompilerServices;
using Runner.Extensible.Evaluation;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Evaluator;

/// <summary>
/// The evaluation helpers of <c>Js/evaluator-runtime.js</c>, loaded once per environment into the
/// realm modules run in. Used on the environment's thread only.
/// </summary>
internal sealed class EvaluatorRuntime
{
    private const string DiscardedModuleMessage =
        "[module runner] This module instance was discarded by the runner (invalidated, replaced or cleared), so its code can no longer import modules or use import.meta.hot.";

    private readonly JsReference _createExports;
    private readonly JsReference _evaluate;

    // A module's code reaches its ModuleHost through a JavaScript function, and the ModuleHost reaches
    // the module's exports (through the runner's graph); rooting the host from JavaScript would make a
    // cycle across the two heaps that neither GC can collect. So JavaScript holds it weakly, and it
    // lives exactly as long as the runner holds the module's exports object or its hot context.
    private readonly ConditionalWeakTable<object, ModuleHost> _hostOwners = new();

    private EvaluatorRuntime(JsContext context, JsValue runtime)
    {
        _createExports = context.CreateReference(context.GetProperty(runtime, "createExports"));
        _evaluate = context.CreateReference(context.GetProperty(runtime, "evaluate"));
        StartOffset = (int)context.GetNumber(context.GetProperty(runtime, "startOffset"));
    }

    /// <summary>Lines before module code in the wrapper (Vite's <c>startOffset</c>).</summary>
    public int StartOffset { get; }

    /// <summary>Loads the runtime; with an interceptor, also routes <c>Error.prepareStackTrace</c> through it.</summary>
    public static EvaluatorRuntime Load(JsContext context, ISourceMapInterceptor? interceptor)
    {
        var factory = context.RunScript(BootstrapScript.ReadResource("evaluator-runtime.js"), "runner-extensible-v8:evaluator-runtime.js");
        var native = context.CreateObject();
        context.SetProperty(native, "envMessage", context.CreateString(ImportMetaDescriptor.DynamicEnvAccessMessage));
        context.SetProperty(native, "resolveMessage", context.CreateString(ImportMetaDescriptor.ResolveNotSupportedMessage));
        context.SetProperty(native, "globMessage", context.CreateString(ImportMetaDescriptor.GlobMessage));
        if (interceptor is not null)
            context.SetProperty(native, "mapStack", context.CreateFunction("mapStack", new StackTraceMapper(interceptor).Map));
        return new EvaluatorRuntime(context, context.Call(factory, default, native));
    }

    /// <summary>
    /// Creates the module's exports object, publishes it, and starts running <paramref name="code"/>.
    /// The task completes with the exports once the module's body has finished and the object is sealed.
    /// </summary>
    public Task<IScriptObject> Evaluate(JsContext context, IModuleEvaluationContext module, string code)
    {
        var exports = context.Call(context.GetReferenceValue(_createExports), default);
        IScriptObject exportsHandle = new JsObjectHandle(context.CreateReference(exports));
        // Before any code runs, so a circular importer finds the partially filled object.
        module.PublishExports(exportsHandle);

        var meta = module.ImportMeta;
        var moduleHost = new ModuleHost(module);
        _hostOwners.AddOrUpdate(exportsHandle, moduleHost);
        if (meta.Hot is { } hotContext) _hostOwners.AddOrUpdate(hotContext, moduleHost);
        var host = context.CreateWeakFunction("moduleHost", moduleHost, static (target, js, args) => target.Invoke(js, args), DiscardedModuleMessage);
        Span<JsValue> args =
        [
            context.CreateString(code),
            exports,
            context.CreateString(meta.Filename),
            context.CreateString(meta.Dirname),
            context.CreateString(meta.Url),
            meta.AdditionalProperties.Count > 0 ? context.FromClr(meta.AdditionalProperties) : context.Undefined,
            host,
            meta.Hot is { } hot ? context.CreateString(hot.OwnerPath) : context.Undefined,
        ];
        var completion = context.Call(context.GetReferenceValue(_evaluate), default, args);
        return context.AwaitPromise(completion, (_, _) => exportsHandle);
    }
}
