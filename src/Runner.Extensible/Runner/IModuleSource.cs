using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>
/// Where <see cref="ModuleFetcher"/> gets a url's <see cref="FetchResult"/>: the server's <c>fetchModule</c> on every
/// import (<see cref="ViteModuleSource"/>), or a code cache kept coherent with the server
/// (<see cref="Coherence.CoherentModuleSource"/>). Either way the answer means what a <c>fetchModule</c> answer
/// means, so the fetcher applies it to the graph exactly as Vite's runner does.
/// </summary>
internal interface IModuleSource
{
    /// <summary>
    /// Answers without a round trip when the source may (the module is held and the server has not said it
    /// changed). Never blocks.
    /// </summary>
    /// <param name="url">The url as imported.</param>
    /// <param name="cachedModule">The graph's node for <paramref name="url"/>, if any.</param>
    /// <param name="result">The answer, as <c>fetchModule</c> would have given it.</param>
    bool TryGetHeld(string url, EvaluatedModuleNode? cachedModule, out FetchResult result);

    /// <summary>Asks the server (not called for builtins and <c>data:</c> urls).</summary>
    /// <param name="url">The url as imported.</param>
    /// <param name="importer">The importing module's file (or id); <c>null</c> for top-level imports.</param>
    /// <param name="cachedModule">The graph's node for <paramref name="url"/>, if any.</param>
    Task<FetchResult> FetchAsync(string url, string? importer, EvaluatedModuleNode? cachedModule);
}
