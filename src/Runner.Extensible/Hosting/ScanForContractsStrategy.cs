using Microsoft.Extensions.DependencyInjection;
using Scrutor;

namespace Runner.Extensible.Hosting;

/// <summary>
/// Scrutor registration strategy for contracts a runner may use several of, or must report ambiguity for
/// (invoke steps, evaluators). Like <see cref="RegistrationStrategy.Skip"/> an explicit registration of the
/// contract is never overridden (nothing is added next to it); unlike it, every implementation the scan finds
/// is kept, so all scanned steps run and two scanned evaluators are reported instead of one silently winning.
/// Scanning the same assembly twice adds nothing.
/// </summary>
internal sealed class ScanForContractsStrategy(ModuleRunnerRegistry registry) : RegistrationStrategy
{
    public override void Apply(IServiceCollection services, ServiceDescriptor descriptor)
    {
        var existing = services.Where(d => d.ServiceType == descriptor.ServiceType && !d.IsKeyedService).ToArray();
        if (existing.Any(d => !registry.IsScanned(d))) return;
        if (existing.Any(d => d.ImplementationType == descriptor.ImplementationType)) return;
        services.Add(descriptor);
        registry.MarkScanned(descriptor);
    }
}
