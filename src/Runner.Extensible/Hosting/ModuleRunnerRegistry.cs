using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Evaluation;

namespace Runner.Extensible.Hosting;

/// <summary>
/// What registration learned that options cannot hold: the registered runner names, which discovered plugins
/// already configured which runner, which registrations came from contract scanning, and what discovery
/// found (logged once a logger exists). One instance per service collection, registered in it.
/// </summary>
internal sealed class ModuleRunnerRegistry
{
    private readonly object _gate = new();
    private readonly List<string> _runnerNames = [];
    private readonly HashSet<(string Runner, string Plugin)> _appliedPlugins = [];
    private readonly HashSet<ServiceDescriptor> _scanned = new(ReferenceEqualityComparer.Instance);
    private readonly List<DiscoveryEvent> _pendingEvents = [];

    private ModuleRunnerRegistry(IServiceCollection services) => Services = services;

    /// <summary>
    /// The collection the runners were registered in. Read after the container is built to see how many
    /// evaluators are registered without creating them (each runner must own its own evaluator instance).
    /// </summary>
    public IServiceCollection Services { get; }

    public static ModuleRunnerRegistry GetOrAdd(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ModuleRunnerRegistry) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is ModuleRunnerRegistry existing)
                return existing;
        }
        var registry = new ModuleRunnerRegistry(services);
        services.AddSingleton(registry);
        return registry;
    }

    public void AddRunner(string name)
    {
        lock (_gate)
        {
            if (!_runnerNames.Contains(name)) _runnerNames.Add(name);
        }
    }

    public IReadOnlyList<string> RunnerNames
    {
        get { lock (_gate) return _runnerNames.ToArray(); }
    }

    public bool IsRegistered(string name)
    {
        lock (_gate) return _runnerNames.Contains(name);
    }

    /// <summary>Records that a plugin configures a runner; <c>false</c> when it already did (found twice).</summary>
    public bool TryMarkPluginApplied(string runner, string plugin)
    {
        lock (_gate) return _appliedPlugins.Add((runner, plugin));
    }

    public void MarkScanned(ServiceDescriptor descriptor)
    {
        lock (_gate) _scanned.Add(descriptor);
    }

    public bool IsScanned(ServiceDescriptor descriptor)
    {
        lock (_gate) return _scanned.Contains(descriptor);
    }

    public void Record(DiscoveryEvent discoveryEvent)
    {
        lock (_gate) _pendingEvents.Add(discoveryEvent);
    }

    /// <summary>The discovery events of a runner not logged yet; each is handed out once.</summary>
    public IReadOnlyList<DiscoveryEvent> TakePendingEvents(string runner)
    {
        lock (_gate)
        {
            var taken = _pendingEvents.Where(e => e.Runner == runner).ToArray();
            _pendingEvents.RemoveAll(e => e.Runner == runner);
            return taken;
        }
    }

    /// <summary>
    /// The <see cref="IModuleEvaluator"/> registrations a runner with an empty evaluator slot may fall back to:
    /// explicit registrations when there are any (they win over scanning), otherwise the scanned ones.
    /// </summary>
    public IReadOnlyList<ServiceDescriptor> EvaluatorRegistrations()
    {
        var all = Services.Where(d => d.ServiceType == typeof(IModuleEvaluator) && !d.IsKeyedService).ToArray();
        var explicitOnes = all.Where(d => !IsScanned(d)).ToArray();
        return explicitOnes.Length > 0 ? explicitOnes : all;
    }
}
