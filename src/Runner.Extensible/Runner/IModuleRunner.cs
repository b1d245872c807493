using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;

namespace Runner.Extensible;

/// <summary>
/// Imports and runs Vite-transformed modules (Vite's <c>ModuleRunner</c>). Obtain one from DI
/// (<c>services.AddModuleRunner(b =&gt; …)</c>, then <see cref="IModuleRunner"/> or
/// <see cref="IModuleRunnerProvider"/> for named runners).
/// </summary>
public interface IModuleRunner : IAsyncDisposable
{
    /// <summary>The runner's name.</summary>
    string Name { get; }

    /// <summary>The module graph and cache.</summary>
    EvaluatedModules EvaluatedModules { get; }

    /// <summary>Whether <see cref="CloseAsync"/> has run.</summary>
    bool IsClosed { get; }

    /// <summary>
    /// Imports a module by URL (for example <c>/src/entry.ts</c>) and returns its exports. Concurrent imports
    /// of one URL share one fetch and one evaluation; a module that threw rethrows the same error.
    /// </summary>
    /// <param name="url">The module URL or path as the server understands it.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    Task<IScriptObject> ImportAsync(string url, CancellationToken cancellationToken = default);

    /// <summary>Forgets every evaluated module; the next import fetches and runs them again.</summary>
    void ClearCache();

    /// <summary>Closes the runner: disconnects the transport, fails pending calls and disposes the evaluator.</summary>
    Task CloseAsync();
}
