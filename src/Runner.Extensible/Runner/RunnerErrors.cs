using Runner.Extensible.Scripting;

namespace Runner.Extensible;

/// <summary>The runner's own errors, with Vite's exact messages.</summary>
internal static class RunnerErrors
{
    /// <summary>Vite's message for anything done after <c>close()</c>.</summary>
    internal const string ClosedMessage = "Vite module runner has been closed.";

    /// <summary>The runner was closed.</summary>
    internal static InvalidOperationException Closed() => new(ClosedMessage);

    /// <summary>The server answered <c>{cache:true}</c> but the runner no longer holds the module.</summary>
    internal static ModuleRunnerException MistakenlyInvalidated(string url) =>
        new($"Module \"{url}\" was mistakenly invalidated during fetch phase.", url);

    /// <summary>An inlined result without code.</summary>
    internal static ModuleRunnerException FailedToLoad(string url, string? importerId) =>
        new($"[module runner] Failed to load \"{url}\"{(importerId is null ? "" : $" imported from {importerId}")}", url);

    /// <summary>
    /// A module imported itself (directly or through a cycle) before its evaluator published its exports. Vite
    /// cannot get here (it creates the exports object itself); an evaluator that breaks the contract would
    /// otherwise deadlock waiting on its own evaluation.
    /// </summary>
    internal static ModuleRunnerException CircularBeforeExportsPublished(string url, string moduleId) =>
        new($"[module runner] Circular import of \"{url}\" ({moduleId}) before its exports object was published. "
            + "The evaluator must call IModuleEvaluationContext.PublishExports before running a module's code.", url);

    /// <summary>Vite's <c>analyzeImportedModDifference</c> error for a static import of an externalized module.</summary>
    internal static ScriptException MissingExternalExports(string rawId, string moduleType, IReadOnlyList<string> missing)
    {
        var last = missing[^1];
        var message = moduleType == "module"
            ? $"[vite] The requested module '{rawId}' does not provide an export named '{last}'"
            : $"[vite] Named export '{last}' not found. The requested module '{rawId}' is a CommonJS module, which may not support all module.exports as named exports.\n"
              + "CommonJS modules can always be imported via the default export, for example using:\n\n"
              + $"import pkg from '{rawId}';\nconst {{{string.Join(", ", missing)}}} = pkg;\n";
        return new ScriptException("SyntaxError", message, null);
    }
}
