using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

/// <summary>
/// The public hook every plugin, first-party or third-party, configures a runner through. <c>Use*</c>
/// fills an exclusive slot (a later call replaces an earlier one, so calling twice changes nothing);
/// <c>Add*</c> appends an ordered step.
/// </summary>
public static class ModuleRunnerBuilderExtensions
{
    /// <summary>Configures the runner's options directly.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Changes the options.</param>
    public static IModuleRunnerBuilder Configure(this IModuleRunnerBuilder builder, Action<ModuleRunnerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder;
    }

    /// <summary>Fills the evaluator slot.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="displayName">A short name for messages, such as <c>V8</c>.</param>
    /// <param name="factory">Creates the runner's evaluator.</param>
    public static IModuleRunnerBuilder UseEvaluator(this IModuleRunnerBuilder builder, string displayName, Func<IServiceProvider, IModuleEvaluator> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ArgumentNullException.ThrowIfNull(factory);
        return builder.Configure(o => o.Evaluator = new PluginSlot<IModuleEvaluator>(displayName, factory));
    }

    /// <summary>Fills the transport slot.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="displayName">A short name for messages, such as <c>WebSocket</c>.</param>
    /// <param name="factory">Creates the runner's transport.</param>
    public static IModuleRunnerBuilder UseTransport(this IModuleRunnerBuilder builder, string displayName, Func<IServiceProvider, IModuleRunnerTransport> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ArgumentNullException.ThrowIfNull(factory);
        return builder.Configure(o => o.Transport = new PluginSlot<IModuleRunnerTransport>(displayName, factory));
    }

    /// <summary>Appends a step to the invoke pipeline.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="factory">Creates the step.</param>
    public static IModuleRunnerBuilder AddInvokeStep(this IModuleRunnerBuilder builder, Func<IServiceProvider, IInvokeStep> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return builder.Configure(o => o.InvokeSteps.Add(factory));
    }

    /// <summary>Replaces the HMR logger.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="factory">Creates the logger.</param>
    public static IModuleRunnerBuilder UseHmrLogger(this IModuleRunnerBuilder builder, Func<IServiceProvider, IHmrLogger> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return builder.Configure(o => o.HmrLogger = factory);
    }

    /// <summary>Replaces the import.meta factory.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="factory">Creates the factory.</param>
    public static IModuleRunnerBuilder UseImportMetaFactory(this IModuleRunnerBuilder builder, Func<IServiceProvider, IImportMetaFactory> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return builder.Configure(o => o.ImportMetaFactory = factory);
    }

    /// <summary>Replaces the source-map interceptor (and turns source maps on).</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="factory">Creates the interceptor.</param>
    public static IModuleRunnerBuilder UseSourceMapInterceptor(this IModuleRunnerBuilder builder, Func<IServiceProvider, ISourceMapInterceptor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return builder.Configure(o =>
        {
            o.SourceMaps = true;
            o.SourceMapInterceptor = factory;
        });
    }

    /// <summary>Turns HMR off (for request/response transports, or production-like runs).</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder DisableHmr(this IModuleRunnerBuilder builder) => builder.Configure(o => o.Hmr = false);
}
