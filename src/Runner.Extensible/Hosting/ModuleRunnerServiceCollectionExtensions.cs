using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Hosting;

// The entry point lives in Microsoft.Extensions.DependencyInjection, as OpenTelemetry's AddOpenTelemetry does,
// so it shows up wherever services are configured without an extra using; everything that extends the
// builder lives in the builder's namespace, Runner.Extensible, so one using lights up every installed plugin.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers module runners in a service collection.</summary>
public static class ModuleRunnerServiceCollectionExtensions
{
    /// <summary>Registers the default module runner, to be configured later through <c>Configure&lt;ModuleRunnerOptions&gt;</c> or configuration binding.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The default runner's builder.</returns>
    public static IModuleRunnerBuilder AddModuleRunner(this IServiceCollection services) =>
        services.AddModuleRunner(Options.Options.DefaultName, static _ => { });

    /// <summary>
    /// Registers the default module runner, resolved as <see cref="IModuleRunner"/>:
    /// <c>services.AddModuleRunner(b =&gt; b.UseV8().UseWebSocket(…))</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Fills the runner's slots with <c>Use*</c>/<c>Add*</c> methods.</param>
    /// <returns>The default runner's builder.</returns>
    public static IModuleRunnerBuilder AddModuleRunner(this IServiceCollection services, Action<IModuleRunnerBuilder> configure) =>
        services.AddModuleRunner(Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers a named module runner, obtained through <see cref="IModuleRunnerProvider.GetRunnerAsync"/>.
    /// Calling it again with the same name configures the same runner further. The runner is created (and its
    /// options validated) on first use; <see cref="ModuleRunnerLifetimeBuilderExtensions.StartWithHost"/> starts it
    /// with the host instead. It is disposed with the service provider.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The runner's name; <see cref="Options.Options.DefaultName"/> (empty) is the default runner.</param>
    /// <param name="configure">Fills the runner's slots with <c>Use*</c>/<c>Add*</c> methods.</param>
    /// <returns>The runner's builder.</returns>
    public static IModuleRunnerBuilder AddModuleRunner(this IServiceCollection services, string name, Action<IModuleRunnerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        var registry = ModuleRunnerRegistry.GetOrAdd(services);
        services.AddOptions();
        services.TryAddSingleton<ModuleRunnerActivator>();
        services.TryAddSingleton<ModuleRunnerProvider>();
        services.TryAddSingleton<IModuleRunnerProvider>(static sp => sp.GetRequiredService<ModuleRunnerProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModuleRunnerOptions>, ModuleRunnerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModuleRunnerHostedService>());
        if (name == Options.Options.DefaultName)
        {
            // The container owns (and disposes) the default runner; the provider owns the named ones.
            services.TryAddSingleton<IModuleRunner>(static sp => sp.GetRequiredService<ModuleRunnerProvider>().CreateRunner(Options.Options.DefaultName));
        }
        registry.AddRunner(name);

        var builder = new ModuleRunnerBuilder(name, services);
        configure(builder);
        return builder;
    }
}
