using Runner.Extensible.Evaluation;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Graph;

/// <summary>
/// One module the runner knows (Vite's <c>EvaluatedModuleNode</c>). Mutated only by the runner, under the
/// graph's lock; readers see a consistent snapshot through <see cref="IEvaluatedModule"/>.
/// </summary>
public sealed class EvaluatedModuleNode : IEvaluatedModule
{
    internal EvaluatedModuleNode(string id, string url)
    {
        Id = id;
        Url = url;
        File = ModuleIds.CleanUrl(id);
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public string Url { get; }

    /// <inheritdoc />
    public string File { get; }

    /// <summary>Guards the evaluation state (<see cref="Promise"/>, <see cref="IsEvaluated"/>, <see cref="Exports"/>, <see cref="Meta"/>) as a unit.</summary>
    internal object SyncRoot { get; } = new();

    internal HashSet<string> ImporterSet { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> ImportSet { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyCollection<string> Importers { get { lock (ImporterSet) return ImporterSet.ToArray(); } }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Imports { get { lock (ImportSet) return ImportSet.ToArray(); } }

    /// <inheritdoc />
    public bool IsEvaluated { get; internal set; }

    /// <inheritdoc />
    public FetchResult? Meta { get; internal set; }

    /// <inheritdoc />
    public IScriptObject? Exports { get; internal set; }

    /// <summary>The evaluation in flight or finished (faulted when the module threw; the fault is cached).</summary>
    internal Task<IScriptObject>? Promise { get; set; }

    /// <summary>The decoded inline source map, cached by the source-map interceptor.</summary>
    internal object? Map { get; set; }

    /// <summary>The module's code when it was inlined, or <c>null</c>.</summary>
    public string? Code => (Meta as InlinedFetchResult)?.Code;

    internal void AddImporter(string id) { lock (ImporterSet) ImporterSet.Add(id); }

    internal void AddImport(string id) { lock (ImportSet) ImportSet.Add(id); }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Url})";
}
