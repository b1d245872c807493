using Runner.Extensible.Evaluation;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>A module-graph node as the runner would describe it, for calling a plugin directly.</summary>
internal sealed record SampleModule(string Id, string Url, string File) : IEvaluatedModule
{
    /// <summary>A module served from a file: id and file are the path, url the root-relative url.</summary>
    public static SampleModule ForFile(string path, string url) => new(path, url, path);

    public IReadOnlyCollection<string> Importers { get; init; } = [];

    public IReadOnlyCollection<string> Imports { get; init; } = [];

    public bool IsEvaluated { get; init; }

    public FetchResult? Meta { get; init; }

    public IScriptObject? Exports { get; init; }
}
