using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Hosting;

/// <summary>
/// Turns validated <see cref="ModuleRunnerOptions"/> into <see cref="ModuleRunnerComponents"/>. A slot the
/// options leave empty falls back to the container: the one registered <see cref="IModuleEvaluator"/>, and a
/// registered <see cref="IHmrLogger"/>, <see cref="IImportMetaFactory"/> or <see cref="ISourceMapInterceptor"/>.
/// Invoke steps from the options run first (outermost), then those registered in the container.
/// </summary>
internal static class ModuleRunnerComponentsFactory
{
    public static ModuleRunnerComponents Create(string name, ModuleRunnerOptions options, IServiceProvider services, ModuleRunnerRegistry registry, ILoggerFactory loggerFactory)
    {
        var evaluator = CreateEvaluator(name, options, services, registry);
        IModuleRunnerTransport? transport = null;
        try
        {
            var transportSlot = options.Transport ?? throw new InvalidOperationException(ModuleRunnerConfigurationErrors.NoTransport(name));
            transport = transportSlot.Factory(services)
                ?? throw new InvalidOperationException(ModuleRunnerConfigurationErrors.NullFromFactory(name, "transport", transportSlot.DisplayName));
            return new ModuleRunnerComponents(name, evaluator, transport)
            {
                Hmr = options.Hmr,
                ReloadAfterReconnect = options.ReloadAfterReconnect,
                HmrLogger = options.HmrLogger is { } hmrLogger ? hmrLogger(services) : services.GetService<IHmrLogger>(),
                ImportMetaFactory = options.ImportMetaFactory is { } importMeta ? importMeta(services) : services.GetService<IImportMetaFactory>(),
                SourceMaps = options.SourceMaps,
                CacheCoherence = options.CacheCoherence,
                SourceMapInterceptorFactory = InterceptorFactory(options, services),
                RetrieveFile = options.RetrieveFile.ToArray(),
                RetrieveSourceMap = options.RetrieveSourceMap.ToArray(),
                InvokeSteps = [.. options.InvokeSteps.Select(factory => factory(services) ?? throw new InvalidOperationException(
                    ModuleRunnerConfigurationErrors.NullFromFactory(name, "invoke step", "AddInvokeStep"))), .. services.GetServices<IInvokeStep>()],
                LoggerFactory = loggerFactory,
                TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
            };
        }
        catch
        {
            // The runner never got them, so nobody else will dispose them.
            DisposeQuietly(evaluator);
            if (transport is not null) DisposeQuietly(transport);
            throw;
        }
    }

    /// <summary>Disposes something a failed creation leaves behind, without letting a second failure hide the first.</summary>
    public static void DisposeQuietly(IAsyncDisposable disposable)
    {
        try
        {
            var pending = disposable.DisposeAsync();
            if (pending.IsCompleted) pending.GetAwaiter().GetResult();
            else _ = pending.AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        catch (Exception)
        {
            // The creation error is the one worth reporting.
        }
    }

    private static IModuleEvaluator CreateEvaluator(string name, ModuleRunnerOptions options, IServiceProvider services, ModuleRunnerRegistry registry)
    {
        if (options.Evaluator is { } slot)
            return slot.Factory(services) ?? throw new InvalidOperationException(ModuleRunnerConfigurationErrors.NullFromFactory(name, "evaluator", slot.DisplayName));

        var registrations = registry.EvaluatorRegistrations();
        if (registrations.Count != 1)
        {
            throw new InvalidOperationException(registrations.Count == 0
                ? ModuleRunnerConfigurationErrors.NoEvaluator(name)
                : ModuleRunnerConfigurationErrors.TwoEvaluators(name, registrations));
        }

        // Built from the registration rather than resolved, so that every runner owns (and disposes) its own
        // instance whatever lifetime the registration declares.
        var registration = registrations[0];
        var created = registration.ImplementationInstance
            ?? registration.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registration.ImplementationType!);
        return (IModuleEvaluator)created;
    }

    private static Func<Graph.EvaluatedModules, ISourceMapInterceptor>? InterceptorFactory(ModuleRunnerOptions options, IServiceProvider services)
    {
        if (options.SourceMapInterceptor is { } configured) return _ => configured(services);
        return services.GetService<ISourceMapInterceptor>() is { } registered ? _ => registered : null;
    }
}
