using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

/// <summary>Everything a <see cref="ModuleRunner"/> is made of. The DI builder fills it from <see cref="ModuleRunnerOptions"/>.</summary>
/// <param name="Name">The runner's name.</param>
/// <param name="Evaluator">The evaluator (owned and disposed by the runner).</param>
/// <param name="Transport">The transport (owned and disposed by the runner).</param>
public sealed record ModuleRunnerComponents(string Name, IModuleEvaluator Evaluator, IModuleRunnerTransport Transport)
{
    /// <summary>Whether the HMR client runs; requires an <see cref="IDuplexTransport"/>.</summary>
    public bool Hmr { get; init; } = true;

    /// <summary>
    /// Whether a reconnect to a server that lost or changed the runner's modules re-imports the entry points (see
    /// <see cref="ModuleRunnerOptions.ReloadAfterReconnect"/>).
    /// </summary>
    public bool ReloadAfterReconnect { get; init; } = true;

    /// <summary>The HMR logger; <c>null</c> logs through <see cref="LoggerFactory"/>.</summary>
    public IHmrLogger? HmrLogger { get; init; }

    /// <summary>The import.meta factory; <c>null</c> uses the default one.</summary>
    public IImportMetaFactory? ImportMetaFactory { get; init; }

    /// <summary>Whether script stacks are mapped to original sources.</summary>
    public bool SourceMaps { get; init; } = true;

    /// <summary>
    /// Whether the runner uses the plugin's cache-coherence extension when the server offers it (see
    /// <see cref="ModuleRunnerOptions.CacheCoherence"/>); <c>false</c> fetches exactly as Vite's runner does.
    /// </summary>
    public bool CacheCoherence { get; init; } = true;

    /// <summary>
    /// Creates the source-map interceptor for the runner's graph; <c>null</c> uses the core's default, which
    /// decodes Vite's inline maps and honours <see cref="RetrieveFile"/>/<see cref="RetrieveSourceMap"/>.
    /// </summary>
    public Func<EvaluatedModules, ISourceMapInterceptor>? SourceMapInterceptorFactory { get; init; }

    /// <summary>Extra file readers for the default interceptor (Vite's <c>retrieveFile</c>).</summary>
    public IReadOnlyList<Func<string, string?>> RetrieveFile { get; init; } = [];

    /// <summary>Extra source-map finders for the default interceptor (Vite's <c>retrieveSourceMap</c>).</summary>
    public IReadOnlyList<Func<string, RetrievedSourceMap?>> RetrieveSourceMap { get; init; } = [];

    /// <summary>Invoke pipeline steps, outermost first.</summary>
    public IReadOnlyList<IInvokeStep> InvokeSteps { get; init; } = [];

    /// <summary>Where the runner logs.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Time source (timeouts, timings); tests substitute it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Replaces the HMR client (tests observe the runner's HMR wiring with it); <c>null</c> uses <see cref="Hmr.HmrClient"/>.</summary>
    internal Func<IHmrRunnerHost, IHmrLogger, IHotUpdateClient>? HotUpdateClientFactory { get; init; }
}
