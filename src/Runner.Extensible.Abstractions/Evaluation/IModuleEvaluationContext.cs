using Runner.Extensible.ImportMeta;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Evaluation;

/// <summary>
/// The fixed surface a module's code reaches the runner through while it is evaluated. Created by the
/// core per module instance and handed to <see cref="IModuleEvaluator.RunInlinedModuleAsync"/>.
/// </summary>
/// <remarks>
/// The evaluator may call these members on its engine thread; they never block. The returned tasks
/// complete on arbitrary threads.
/// </remarks>
public interface IModuleEvaluationContext
{
    /// <summary>The module being evaluated.</summary>
    IEvaluatedModule Module { get; }

    /// <summary>What <c>import.meta</c> holds for this module, including <c>hot</c> when HMR is on.</summary>
    ImportMetaDescriptor ImportMeta { get; }

    /// <summary>
    /// Records the module's exports object before its code runs, so that a circular importer sees the
    /// partially populated object instead of waiting forever. Must be called exactly once.
    /// </summary>
    /// <param name="exports">The exports object the evaluator created.</param>
    void PublishExports(IScriptObject exports);

    /// <summary><c>__vite_ssr_import__(url, metadata)</c>: imports a dependency and returns its exports.</summary>
    /// <param name="url">The specifier exactly as it appears in the transformed code.</param>
    /// <param name="metadata">The optional second argument (<c>importedNames</c>).</param>
    ValueTask<IScriptObject> ImportAsync(string url, ImportMetadata? metadata = null);

    /// <summary>
    /// <c>__vite_ssr_dynamic_import__(specifier)</c>: a relative specifier is resolved against the URL the
    /// importer was loaded by; export checks are skipped.
    /// </summary>
    /// <param name="specifier">The specifier (already converted to a string).</param>
    ValueTask<IScriptObject> DynamicImportAsync(string specifier);
}
