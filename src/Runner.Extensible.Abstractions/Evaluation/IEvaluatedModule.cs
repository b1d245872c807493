using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Evaluation;

/// <summary>A read-only view of one node of the runner's module graph (Vite's <c>EvaluatedModuleNode</c>).</summary>
public interface IEvaluatedModule
{
    /// <summary>The normalized module id (an absolute path for files).</summary>
    string Id { get; }

    /// <summary>The server URL of the module (or the requested specifier for externals).</summary>
    string Url { get; }

    /// <summary>The id without query or hash.</summary>
    string File { get; }

    /// <summary>Ids of the modules that import this one.</summary>
    IReadOnlyCollection<string> Importers { get; }

    /// <summary>Ids of the modules this one imports.</summary>
    IReadOnlyCollection<string> Imports { get; }

    /// <summary>Whether evaluation finished (successfully or not).</summary>
    bool IsEvaluated { get; }

    /// <summary>The last fetch result for the module, or <c>null</c> after invalidation.</summary>
    FetchResult? Meta { get; }

    /// <summary>The exports object once published, or <c>null</c>.</summary>
    IScriptObject? Exports { get; }
}
