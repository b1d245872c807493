using System.Diagnostics.Metrics;
using Company.RunnerPlugin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Extension methods live in the builder's namespace, so one `using Runner.Extensible;` shows every installed plugin.
namespace Runner.Extensible;

/// <summary>Records the duration of a runner's server calls as metrics.</summary>
public static class InvokeMetricsBuilderExtensions
{
    /// <summary>Records every server call's duration on the meter <c>Company.RunnerPlugin</c> and logs calls slower than 2 seconds.</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder AddInvokeMetrics(this IModuleRunnerBuilder builder) =>
        builder.AddInvokeMetrics(static _ => { });

    /// <summary>
    /// Records every server call's duration. The step joins the runner's invoke pipeline where it is added (steps run
    /// outermost first), once however often this is called.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adjusts the runner's <see cref="InvokeMetricsOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A setting is invalid (the message names it and the fix).</exception>
    public static IModuleRunnerBuilder AddInvokeMetrics(this IModuleRunnerBuilder builder, Action<InvokeMetricsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new InvokeMetricsOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        var name = builder.Name;
        builder.Services.AddOptions<InvokeMetricsOptions>(name).Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InvokeMetricsOptions>, InvokeMetricsOptionsValidator>());
        // AddInvokeStep appends on every call; this step measures each call once, so a second call adds nothing.
        var factory = new StepFactory(name);
        return builder.Configure(o =>
        {
            if (!o.InvokeSteps.Any(existing => existing.Target is StepFactory)) o.InvokeSteps.Add(factory.Create);
        });
    }

    /// <summary>Creates the runner's step; its type marks the step as added.</summary>
    private sealed class StepFactory(string runnerName)
    {
        public IInvokeStep Create(IServiceProvider services) => new InvokeMetricsStep(
            services.GetRequiredService<IOptionsMonitor<InvokeMetricsOptions>>().Get(runnerName),
            services.GetService<IMeterFactory>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILogger<InvokeMetricsStep>>() ?? NullLogger<InvokeMetricsStep>.Instance);
    }
}
