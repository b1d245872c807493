using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

/// <summary>
/// The configuration of one named runner. Filled by the builder's <c>Use*</c>/<c>Add*</c> methods and by
/// configuration binding; validated when the runner is first created, with errors that name the fix.
/// </summary>
public sealed class ModuleRunnerOptions
{
    /// <summary>The evaluator slot (<c>UseV8()</c> and friends fill it; a later call replaces an earlier one).</summary>
    public PluginSlot<IModuleEvaluator>? Evaluator { get; set; }

    /// <summary>The transport slot (<c>UseWebSocket(…)</c> and friends fill it; a later call replaces an earlier one).</summary>
    public PluginSlot<IModuleRunnerTransport>? Transport { get; set; }

    /// <summary>Whether the HMR client runs (Vite's <c>hmr</c>). Requires a duplex transport. Default <c>true</c>.</summary>
    public bool Hmr { get; set; } = true;

    /// <summary>
    /// Whether the HMR client re-imports the entry points after the connection to the server comes back, when the
    /// server no longer has what the runner holds (it restarted) or a module changed while the runner was away
    /// (its update was sent to nobody). Default <c>true</c>: like Vite's browser client, which reloads the page,
    /// the runner runs a full reload (<c>vite:beforeFullReload</c>, then the entry points again), and HMR resumes
    /// without the application importing anything. Nothing is reloaded when the server still has every module
    /// unchanged. Only with <see cref="Hmr"/> on.
    /// </summary>
    public bool ReloadAfterReconnect { get; set; } = true;

    /// <summary>Replaces the default HMR logger (which writes through <c>ILogger</c>).</summary>
    public Func<IServiceProvider, IHmrLogger>? HmrLogger { get; set; }

    /// <summary>Replaces the default import.meta factory.</summary>
    public Func<IServiceProvider, IImportMetaFactory>? ImportMetaFactory { get; set; }

    /// <summary>Whether script stacks are mapped to original sources. Default <c>true</c>.</summary>
    public bool SourceMaps { get; set; } = true;

    /// <summary>
    /// Whether the runner uses the cache-coherence extension of Runner.Extensible's Vite plugin when the server
    /// offers it (default <c>true</c>): a module is fetched together with its static imports in one round trip
    /// (<c>runnerExtensible:fetchModules</c>), a module the runner holds is reused without asking the server
    /// until the server's invalidation notice says it changed, and <c>ClearCache</c> keeps the code so the next
    /// import evaluates again without fetching. A server without the extension (plain Vite) is detected on the
    /// first fetch of each connection and then served exactly as Vite's runner is. Set <c>false</c> for
    /// Vite-compatible fetching everywhere: one <c>fetchModule</c> call per import, as Vite's runner makes.
    /// Only duplex transports can carry the notices; over an invoke-only transport the runner always fetches as
    /// Vite's does.
    /// </summary>
    public bool CacheCoherence { get; set; } = true;

    /// <summary>Replaces the default source-map interceptor (used only when <see cref="SourceMaps"/> is on).</summary>
    public Func<IServiceProvider, ISourceMapInterceptor>? SourceMapInterceptor { get; set; }

    /// <summary>
    /// Extra ways for the default interceptor to read a file's text (Vite's <c>retrieveFile</c>), tried in
    /// order before the file system. Return <c>null</c> to pass.
    /// </summary>
    public IList<Func<string, string?>> RetrieveFile { get; } = new List<Func<string, string?>>();

    /// <summary>
    /// Extra ways for the default interceptor to find a source map for a script (Vite's
    /// <c>retrieveSourceMap</c>), tried in order. Return <c>null</c> to pass.
    /// </summary>
    public IList<Func<string, RetrievedSourceMap?>> RetrieveSourceMap { get; } = new List<Func<string, RetrievedSourceMap?>>();

    /// <summary>Ordered steps every server call goes through, outermost first.</summary>
    public IList<Func<IServiceProvider, IInvokeStep>> InvokeSteps { get; } = new List<Func<IServiceProvider, IInvokeStep>>();
}

/// <summary>A source map found by a <see cref="ModuleRunnerOptions.RetrieveSourceMap"/> handler.</summary>
/// <param name="Url">The map's URL (sources resolve relative to it).</param>
/// <param name="Map">The map's JSON text.</param>
public sealed record RetrievedSourceMap(string Url, string Map);
