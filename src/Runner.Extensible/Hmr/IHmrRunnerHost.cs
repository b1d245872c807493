using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>What the HMR client needs from its runner (Vite's <c>createHMRHandlerForRunner</c> closes over the runner).</summary>
internal interface IHmrRunnerHost
{
    /// <summary>Whether the runner is closed (payloads are then ignored).</summary>
    bool IsClosed { get; }

    /// <summary>The runner's graph (full reload walks importers and clears it).</summary>
    EvaluatedModules EvaluatedModules { get; }

    /// <summary><c>runner.import(url)</c>: used to re-import accepted modules and entry points.</summary>
    Task<IScriptObject> ImportAsync(string url, CancellationToken cancellationToken);

    /// <summary>Sends a payload to the server (<c>hot.send</c>, <c>vite:invalidate</c>). Throws when the transport cannot send.</summary>
    ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken);
}
