using Company.RunnerTransport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the builder's namespace, so one `using Runner.Extensible;` shows every installed plugin.
namespace Runner.Extensible;

/// <summary>Logs what goes through a runner's transport: <c>builder.UseWebSocket(…).UseTrafficLogging()</c>.</summary>
public static class TrafficLoggingBuilderExtensions
{
    /// <summary>Logs every payload and call of the runner's transport at <c>Debug</c>, without payload JSON.</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseTrafficLogging(this IModuleRunnerBuilder builder) =>
        builder.UseTrafficLogging(static _ => { });

    /// <summary>
    /// Wraps the runner's transport, whichever <c>Use*</c> call fills its slot (before or after this one): payloads,
    /// calls and connection events are logged (category <c>Company.RunnerTransport.Traffic</c>) and counted, and a
    /// summary is logged when the connection closes. Calling it again only changes the settings.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adjusts the runner's <see cref="TrafficLoggingOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A setting is invalid (the message names it and the fix).</exception>
    public static IModuleRunnerBuilder UseTrafficLogging(this IModuleRunnerBuilder builder, Action<TrafficLoggingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new TrafficLoggingOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        var name = builder.Name;
        builder.Services.AddOptions<TrafficLoggingOptions>(name).Configure(configure);
        // TryAdd*: calling UseTrafficLogging twice registers nothing twice.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrafficLoggingOptions>, TrafficLoggingOptionsValidator>());
        // After every Configure: the slot then holds the transport the user finally chose, whatever the call order.
        builder.Services.PostConfigure<ModuleRunnerOptions>(name, options => TrafficLoggingSlot.Wrap(options, name));
        return builder;
    }
}
