using Microsoft.Extensions.DependencyInjection;

namespace Runner.Extensible.Hosting;

/// <summary>The builder handle <c>AddModuleRunner</c> hands out: a name and the service collection, nothing more.</summary>
internal sealed class ModuleRunnerBuilder(string name, IServiceCollection services) : IModuleRunnerBuilder
{
    public string Name { get; } = name;

    public IServiceCollection Services { get; } = services;
}
