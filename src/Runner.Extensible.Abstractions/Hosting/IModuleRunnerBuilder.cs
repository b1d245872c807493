using Microsoft.Extensions.DependencyInjection;

namespace Runner.Extensible;

/// <summary>
/// Configures one named module runner. A thin handle: plugins add extension methods to this type, in
/// namespace <c>Runner.Extensible</c>, that fill the runner's slots through
/// <see cref="ModuleRunnerBuilderExtensions"/> (<c>Use*</c> for the exclusive evaluator and transport slots,
/// <c>Add*</c> for ordered steps). State lives in named <see cref="ModuleRunnerOptions"/>.
/// </summary>
public interface IModuleRunnerBuilder
{
    /// <summary>The runner's name (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the default runner).</summary>
    string Name { get; }

    /// <summary>The service collection the runner is registered in.</summary>
    IServiceCollection Services { get; }
}
