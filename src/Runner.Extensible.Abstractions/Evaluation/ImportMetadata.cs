namespace Runner.Extensible.Evaluation;

/// <summary>The metadata argument of <c>__vite_ssr_import__</c>.</summary>
/// <param name="ImportedNames">Names a static import reads; checked against externalized modules.</param>
/// <param name="IsDynamicImport">Whether the import is a dynamic <c>import()</c>.</param>
public sealed record ImportMetadata(IReadOnlyList<string>? ImportedNames = null, bool IsDynamicImport = false);
