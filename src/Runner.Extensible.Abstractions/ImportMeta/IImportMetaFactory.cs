using Runner.Extensible.Evaluation;

namespace Runner.Extensible.ImportMeta;

/// <summary>
/// Creates the <c>import.meta</c> description of a module (Vite's <c>createImportMeta</c>). The runner adds
/// <c>hot</c> afterwards. Replace it to add members or change <c>url</c>/<c>filename</c> conventions.
/// </summary>
public interface IImportMetaFactory
{
    /// <summary>Describes <c>import.meta</c> for a module.</summary>
    /// <param name="modulePath">The module's file path (its <c>file</c> or id, without query).</param>
    /// <param name="module">The module.</param>
    ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module);
}
