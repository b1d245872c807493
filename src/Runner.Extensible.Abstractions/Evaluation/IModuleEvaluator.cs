using Runner.Extensible.Scripting;

namespace Runner.Extensible.Evaluation;

/// <summary>
/// Runs Vite-transformed modules in a script engine (Vite's <c>ModuleEvaluator</c>). The core owns the
/// module graph, the protocol and HMR state; the evaluator owns engine values and hands back the
/// engine's exports object as an <see cref="IScriptObject"/> that C# can read.
/// </summary>
/// <remarks>
/// <para>One evaluator instance serves one runner and is disposed with it. Its methods may be called
/// from any thread and concurrently; an engine with thread affinity marshals to its own thread.</para>
/// <para><b>Inlined modules</b> must behave as Vite's <c>ESModulesEvaluator</c>: the code runs as the body
/// of an async function with the parameters <c>__vite_ssr_exports__</c>, <c>__vite_ssr_import_meta__</c>,
/// <c>__vite_ssr_import__</c>, <c>__vite_ssr_dynamic_import__</c>, <c>__vite_ssr_exportAll__</c>,
/// <c>__vite_ssr_exportName__</c> (in that order), in strict mode, with <c>this</c> undefined, and
/// <see cref="StartOffset"/> lines before the first line of code so that the server's inline source map
/// lines up. The exports object is created with a null prototype and a non-enumerable
/// <c>Symbol.toStringTag</c> of <c>"Module"</c>, passed to
/// <see cref="IModuleEvaluationContext.PublishExports"/> <i>before</i> any code runs, and sealed after the
/// body completes. <c>__vite_ssr_exportName__(name, getter)</c> defines an enumerable, configurable getter;
/// <c>__vite_ssr_exportAll__(mod)</c> defines a getter for each enumerable key of <c>mod</c> except
/// <c>default</c>, <c>__esModule</c> and keys already present, and does nothing for the same exports
/// object, primitives, arrays and promises. <c>__vite_ssr_import__</c> and
/// <c>__vite_ssr_dynamic_import__</c> call the context and resolve to the target's exports object.
/// <c>__vite_ssr_import_meta__</c> is built from <see cref="IModuleEvaluationContext.ImportMeta"/>.</para>
/// </remarks>
public interface IModuleEvaluator : IAsyncDisposable
{
    /// <summary>
    /// Lines the evaluator puts before the module code (Vite's <c>startOffset</c>; 3 for V8's
    /// <c>AsyncFunction</c> wrapper plus <c>"use strict"</c>). Sent to the server with every fetch.
    /// </summary>
    int? StartOffset { get; }

    /// <summary>Prepares the engine. Called once by the runner before any other member.</summary>
    /// <param name="host">What the runner offers the evaluator (interceptor, logging).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken);

    /// <summary>Evaluates transformed module code (Vite's <c>runInlinedModule</c>).</summary>
    /// <param name="context">The module's context: import functions, import.meta, where to publish exports.</param>
    /// <param name="code">The code exactly as the server sent it (inline source map included).</param>
    /// <param name="module">The module being evaluated.</param>
    /// <param name="cancellationToken">Cancels waiting; evaluation already running in the engine is not interrupted.</param>
    /// <returns>The module's exports object (the one published through the context).</returns>
    /// <exception cref="ScriptException">The module threw; the stack is source-mapped.</exception>
    Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken);

    /// <summary>
    /// Loads an externalized module (Vite's <c>runExternalModule</c>): a builtin such as <c>node:path</c>, a
    /// <c>file://</c> URL of a package, a <c>data:</c> URL or a network URL, through the engine's own loader.
    /// </summary>
    /// <param name="url">The specifier or URL from the server's <c>externalize</c> field.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The module namespace.</returns>
    /// <exception cref="ScriptException">Loading failed.</exception>
    Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken);
}
