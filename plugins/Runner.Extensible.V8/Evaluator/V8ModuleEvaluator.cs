using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Evaluator;

/// <summary>
/// Runs Vite-transformed modules in an in-process V8 (Debian's libnode), one Node environment per
/// evaluator, exactly as Vite's <c>ESModulesEvaluator</c> does: see <see cref="IModuleEvaluator"/>.
/// </summary>
internal sealed partial class V8ModuleEvaluator(V8EvaluatorOptions options) : IModuleEvaluator
{
    // V8 10.2 puts two lines before the body of `new AsyncFunction`; "use strict" takes the third.
    // InitializeAsync measures it in the engine, as Vite does.
    private const int DefaultStartOffset = 3;

    private NodeEnvironment? _environment;
    private EvaluatorRuntime? _runtime;
    private ILogger _logger = NullLogger.Instance;
    private int _initialized;

    /// <inheritdoc />
    public int? StartOffset => _runtime?.StartOffset ?? DefaultStartOffset;

    /// <summary>The engine environment, once initialised (for diagnostics and tests).</summary>
    internal NodeEnvironment Environment => _environment ?? throw new InvalidOperationException("The V8 evaluator has not been initialised; the runner calls InitializeAsync first.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Interlocked.Exchange(ref _initialized, 1) == 1)
            throw new InvalidOperationException("The V8 evaluator is already initialised; each runner owns one evaluator.");
        options.ThrowIfInvalid();
        _logger = host.LoggerFactory.CreateLogger<V8ModuleEvaluator>();

        var environment = await NodeEnvironment.StartAsync(options.ToEnvironmentOptions(host.RunnerName), cancellationToken).ConfigureAwait(false);
        try
        {
            environment.UnhandledError += OnUnhandledError;
            _runtime = await environment.InvokeAsync(js => EvaluatorRuntime.Load(js, host.SourceMapInterceptor)).ConfigureAwait(false);
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _environment = environment;
        LogStarted(_logger, host.RunnerName, options.ExposeNodeApis);
    }

    /// <inheritdoc />
    public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(code);
        var runtime = _runtime ?? throw new InvalidOperationException("The V8 evaluator has not been initialised.");
        return Environment.InvokeAsync(js => runtime.Evaluate(js, context, code)).Unwrap().WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        // Node's own loader: builtins, file:// packages (ESM and CommonJS), data: URLs.
        return Environment.InvokeAsync(js => js.AwaitPromise(js.ImportModule(url),
            static (context, ns) => (IScriptObject)new JsObjectHandle(context.CreateReference(ns)))).Unwrap().WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var environment = Interlocked.Exchange(ref _environment, null);
        if (environment is null) return;
        environment.UnhandledError -= OnUnhandledError;
        await environment.DisposeAsync().ConfigureAwait(false);
    }

    private void OnUnhandledError(string kind, Exception error) => LogUnhandled(_logger, kind, error.Message, error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "V8 evaluator started for runner '{Runner}' (Node APIs exposed: {ExposeNodeApis})")]
    private static partial void LogStarted(ILogger logger, string runner, bool exposeNodeApis);

    [LoggerMessage(Level = LogLevel.Error, Message = "[V8] {Kind} in module code: {Message}")]
    private static partial void LogUnhandled(ILogger logger, string kind, string message, Exception error);
}
