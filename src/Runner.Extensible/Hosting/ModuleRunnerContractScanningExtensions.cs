using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.Hosting;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;
using Scrutor;

namespace Runner.Extensible;

/// <summary>Registers contract implementations found by scanning assemblies (Scrutor), without overriding explicit registrations.</summary>
public static class ModuleRunnerContractScanningExtensions
{
    /// <summary>
    /// Registers the classes (public or not) of these assemblies that implement <see cref="IHmrLogger"/>,
    /// <see cref="IImportMetaFactory"/>, <see cref="ISourceMapInterceptor"/> (singletons, with
    /// <see cref="RegistrationStrategy.Skip"/>: an existing registration wins), <see cref="IInvokeStep"/>
    /// (singletons) and <see cref="IModuleEvaluator"/> (transient), the last two kept all unless the contract
    /// is registered explicitly. A runner whose options leave a slot empty uses the registered implementation;
    /// registered invoke steps run after the runner's own; a runner without an evaluator uses the one registered
    /// evaluator, and fails validation when there are several. Registrations are shared by every runner of the
    /// service collection.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="assemblies">Assemblies to scan.</param>
    public static IModuleRunnerBuilder ScanForContractImplementations(this IModuleRunnerBuilder builder, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assemblies);
        var registry = ModuleRunnerRegistry.GetOrAdd(builder.Services);
        var keepAll = new ScanForContractsStrategy(registry);
        var before = new HashSet<ServiceDescriptor>(builder.Services, ReferenceEqualityComparer.Instance);

        builder.Services.Scan(scan => scan
            .FromAssemblies(assemblies)
            .AddClasses(c => c.AssignableTo<IHmrLogger>(), publicOnly: false).UsingRegistrationStrategy(RegistrationStrategy.Skip).As<IHmrLogger>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IImportMetaFactory>(), publicOnly: false).UsingRegistrationStrategy(RegistrationStrategy.Skip).As<IImportMetaFactory>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<ISourceMapInterceptor>(), publicOnly: false).UsingRegistrationStrategy(RegistrationStrategy.Skip).As<ISourceMapInterceptor>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IInvokeStep>(), publicOnly: false).UsingRegistrationStrategy(keepAll).As<IInvokeStep>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IModuleEvaluator>(), publicOnly: false).UsingRegistrationStrategy(keepAll).As<IModuleEvaluator>().WithTransientLifetime());

        foreach (var descriptor in builder.Services)
            if (!before.Contains(descriptor)) registry.MarkScanned(descriptor);
        return builder;
    }
}
