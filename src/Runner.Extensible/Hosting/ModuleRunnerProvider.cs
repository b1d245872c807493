using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Runner.Extensible.Hosting;

/// <summary>
/// Creates runners from their named options, one singleton per name, and owns the named ones (the container
/// owns the default runner, registered as <see cref="IModuleRunner"/>, and disposes it itself).
/// </summary>
internal sealed class ModuleRunnerProvider : IModuleRunnerProvider, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly ModuleRunnerRegistry _registry;
    private readonly IOptionsMonitor<ModuleRunnerOptions> _options;
    private readonly ModuleRunnerActivator _activator;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, IModuleRunner> _namedRunners = new(StringComparer.Ordinal);
    private int _disposed;

    public ModuleRunnerProvider(IServiceProvider services, ModuleRunnerRegistry registry, IOptionsMonitor<ModuleRunnerOptions> options, ModuleRunnerActivator activator)
    {
        _services = services;
        _registry = registry;
        _options = options;
        _activator = activator;
        _loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger(HostingLog.Category);
    }

    public async ValueTask<IModuleRunner> GetRunnerAsync(string name, CancellationToken cancellationToken = default)
    {
        var runner = GetRunner(name);
        await _activator.StartAsync(runner, cancellationToken).ConfigureAwait(false);
        return runner;
    }

    /// <summary>The runner with this name, created (not started) on first use.</summary>
    internal IModuleRunner GetRunner(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_registry.IsRegistered(name))
            throw new InvalidOperationException(ModuleRunnerConfigurationErrors.UnknownRunner(name, _registry.RunnerNames));
        if (name == Options.DefaultName) return _services.GetRequiredService<IModuleRunner>();

        lock (_gate)
        {
            if (_namedRunners.TryGetValue(name, out var existing)) return existing;
            var runner = CreateRunner(name);
            _namedRunners.Add(name, runner);
            return runner;
        }
    }

    /// <summary>Validates a runner's options and creates it. Throws <see cref="InvalidOperationException"/> naming the fix.</summary>
    internal IModuleRunner CreateRunner(string name)
    {
        LogDiscoveries(name);
        ModuleRunnerOptions options;
        try
        {
            options = _options.Get(name);
        }
        catch (OptionsValidationException e)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, e.Failures), e);
        }

        var components = ModuleRunnerComponentsFactory.Create(name, options, _services, _registry, _loggerFactory);
        IModuleRunner runner;
        try
        {
            runner = _activator.Create(components);
        }
        catch
        {
            ModuleRunnerComponentsFactory.DisposeQuietly(components.Evaluator);
            ModuleRunnerComponentsFactory.DisposeQuietly(components.Transport);
            throw;
        }
        HostingLog.RunnerCreated(_logger, HostingLog.RunnerLabel(name), options.Evaluator?.DisplayName ?? components.Evaluator.GetType().Name, components.Transport.DisplayName);
        return runner;
    }

    /// <summary>Logs what plugin discovery did for a runner (once).</summary>
    internal void LogDiscoveries(string name)
    {
        foreach (var discoveryEvent in _registry.TakePendingEvents(name))
            HostingLog.Report(_logger, discoveryEvent);
    }

    public async ValueTask DisposeAsync()
    {
        // The container may hand this instance out under two service types; dispose once.
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        KeyValuePair<string, IModuleRunner>[] runners;
        lock (_gate)
        {
            runners = _namedRunners.ToArray();
            _namedRunners.Clear();
        }
        foreach (var (name, runner) in runners)
        {
            try
            {
                await runner.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // One runner failing to close must not keep the others (or the host) from shutting down.
                HostingLog.DisposeFailed(_logger, HostingLog.RunnerLabel(name), e);
            }
        }
    }
}
