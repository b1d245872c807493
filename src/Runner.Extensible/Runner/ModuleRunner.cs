using Microsoft.Extensions.Logging;
using Runner.Extensible.Coherence;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

/// <summary>
/// Imports and runs Vite-transformed modules with the semantics of Vite's <c>ModuleRunner</c>: every import asks
/// the server's <c>fetchModule</c> (with <c>cached:true</c> for what the runner holds), concurrent imports share
/// one fetch and one evaluation, circular imports see partial exports, a failed evaluation is cached and
/// rethrown, builtins and <c>data:</c> urls are resolved locally, and server pushes feed the HMR client.
/// </summary>
/// <remarks>
/// Start-up (<see cref="StartAsync"/>, or lazily the first <see cref="ImportAsync"/>) checks the transport,
/// initializes the evaluator and connects. The runner owns and disposes its evaluator and transport.
/// </remarks>
public sealed partial class ModuleRunner : IModuleRunner, IHmrRunnerHost
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ILogger _logger;
    private readonly RetryingOnce _start;
    private readonly BuiltinModules _builtins;
    private readonly ModuleFetcher _fetcher;
    private readonly ViteModuleSource _vite;
    private readonly CoherentModuleSource? _coherent;
    private readonly ModuleRequests _requests;
    private readonly InvokePipeline _pipeline;
    private readonly TransportEvents _transportEvents;
    private RunnerTransport? _transport;
    private IHotUpdateClient? _hot;
    private bool _evaluatorInitialized;
    private volatile bool _closed;

    /// <summary>Creates a runner from its components; the transport connects on first use or <see cref="StartAsync"/>.</summary>
    /// <param name="components">The evaluator, transport and settings.</param>
    public ModuleRunner(ModuleRunnerComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(components.Evaluator);
        ArgumentNullException.ThrowIfNull(components.Transport);
        Components = components;
        _logger = components.LoggerFactory.CreateLogger(RunnerLog.Category);
        _pipeline = new InvokePipeline(components.Name, components.InvokeSteps, context =>
            new ValueTask<System.Text.Json.JsonElement>(StartedTransport.InvokeAsync(context.Method, context.Arguments, context.CancellationToken)));
        _builtins = new BuiltinModules(_pipeline.InvokeAsync, _lifetime.Token, _logger, components.Name);
        var vite = _vite = new ViteModuleSource(_pipeline.InvokeAsync, components.Evaluator.StartOffset, _lifetime.Token);
        if (components.CacheCoherence)
        {
            _coherent = new CoherentModuleSource(vite, _pipeline.InvokeAsync, components.Evaluator.StartOffset, _lifetime.Token, components.TimeProvider, _logger, components.Name);
            EvaluatedModules.Cleared += _coherent.OnGraphCleared;
            _coherent.ServerGraphReplaced += () => ScheduleReconnectCheck(serverGraphReplaced: true);
        }
        _fetcher = new ModuleFetcher(EvaluatedModules, _builtins, (IModuleSource?)_coherent ?? vite, () => _closed, _logger, components.Name);
        _requests = new ModuleRequests(
            EvaluatedModules, _fetcher, components.Evaluator, components.ImportMetaFactory ?? new DefaultImportMetaFactory(),
            () => _hot, _logger, components.Name, components.TimeProvider, _lifetime.Token);
        _transportEvents = new TransportEvents(this);
        _start = new RetryingOnce(StartCoreAsync);
    }

    internal ModuleRunnerComponents Components { get; }

    /// <inheritdoc />
    public string Name => Components.Name;

    /// <inheritdoc />
    public EvaluatedModules EvaluatedModules { get; } = new();

    /// <inheritdoc />
    public bool IsClosed => _closed;

    /// <summary>The HMR client, while HMR runs (<c>null</c> when HMR is off, before start and after close).</summary>
    internal IHotUpdateClient? HotUpdates => _hot;

    /// <summary>The coherent module source, unless the runner fetches as Vite's does (<see cref="ModuleRunnerComponents.CacheCoherence"/> off).</summary>
    internal CoherentModuleSource? Coherence => _coherent;

    /// <summary>The normalized transport, once started.</summary>
    internal RunnerTransport? RunnerTransport => _transport;

    private RunnerTransport StartedTransport =>
        _transport ?? throw new InvalidOperationException($"Runner \"{Name}\" has not started; call StartAsync or ImportAsync first.");

    /// <inheritdoc />
    public async Task<IScriptObject> ImportAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        // The fetch and evaluation are shared with concurrent importers, so the caller's token only stops its wait.
        return await _requests.ImportAsync(url).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void ClearCache()
    {
        EvaluatedModules.Clear();
        _hot?.Clear();
    }

    Task<IScriptObject> IHmrRunnerHost.ImportAsync(string url, CancellationToken cancellationToken) => ImportAsync(url, cancellationToken);

    async ValueTask IHmrRunnerHost.SendAsync(HotPayload payload, CancellationToken cancellationToken) =>
        await StartedTransport.SendAsync(payload, cancellationToken).ConfigureAwait(false);

    private ISourceMapInterceptor? CreateSourceMapInterceptor() =>
        !Components.SourceMaps
            ? null
            : Components.SourceMapInterceptorFactory?.Invoke(EvaluatedModules)
              ?? new SourceMapInterceptor(EvaluatedModules, Components.RetrieveFile, Components.RetrieveSourceMap);

    private IHotUpdateClient CreateHotUpdateClient()
    {
        var hmrLogger = Components.HmrLogger ?? new DefaultHmrLogger(Components.LoggerFactory, Name);
        return Components.HotUpdateClientFactory?.Invoke(this, hmrLogger)
            ?? new HmrClientAdapter(new HmrClient(this, hmrLogger));
    }
}
