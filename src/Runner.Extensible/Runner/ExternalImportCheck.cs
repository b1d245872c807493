using Runner.Extensible.Evaluation;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible;

/// <summary>
/// Vite's <c>processImport</c>: a static import of an externalized ES or CommonJS module must find every name it
/// imports, as native ESM linking would require; Vite throws a <c>SyntaxError</c> otherwise.
/// </summary>
internal static class ExternalImportCheck
{
    /// <summary>Returns <paramref name="exports"/>, or throws Vite's SyntaxError when an imported name is missing.</summary>
    /// <param name="exports">The module's exports.</param>
    /// <param name="meta">The module's fetch result.</param>
    /// <param name="url">The url it was imported by (Vite's <c>fetchResult.url</c>, which is the requested url for externals).</param>
    /// <param name="metadata">The import's metadata.</param>
    public static IScriptObject Process(IScriptObject exports, FetchResult meta, string url, ImportMetadata? metadata)
    {
        if (meta is not ExternalFetchResult { ExternalType: "module" or "commonjs" } external) return exports;
        if (metadata is null || metadata.IsDynamicImport || metadata.ImportedNames is not { Count: > 0 } names) return exports;
        var missing = names.Where(name => !exports.HasProperty(name)).ToList();
        if (missing.Count > 0) throw RunnerErrors.MissingExternalExports(url, external.ExternalType, missing);
        return exports;
    }
}
