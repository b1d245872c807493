using Company.RunnerEvaluator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the builder's namespace, so one `using Runner.Extensible;` shows every installed plugin.
namespace Runner.Extensible;

/// <summary>Times the evaluation of a runner's modules: <c>builder.UseV8().UseTimedEvaluator(o =&gt; o.MaxDuration = …)</c>.</summary>
public static class TimedEvaluatorBuilderExtensions
{
    /// <summary>Times the runner's evaluator with default settings: logs each module's evaluation, warns from 500 ms, sets no limit.</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseTimedEvaluator(this IModuleRunnerBuilder builder) =>
        builder.UseTimedEvaluator(static _ => { });

    /// <summary>
    /// Decorates the runner's evaluator, whichever <c>Use*</c> call fills its slot (before or after this one), with
    /// timing: each module's evaluation is logged, slow ones are warned about, and one that outlasts
    /// <see cref="TimedEvaluatorOptions.MaxDuration"/> fails. Calling it again only changes the settings.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adjusts the runner's <see cref="TimedEvaluatorOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A setting is invalid (the message names it and the fix).</exception>
    public static IModuleRunnerBuilder UseTimedEvaluator(this IModuleRunnerBuilder builder, Action<TimedEvaluatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new TimedEvaluatorOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        var name = builder.Name;
        builder.Services.AddOptions<TimedEvaluatorOptions>(name).Configure(configure);
        // TryAdd*: calling UseTimedEvaluator twice registers nothing twice.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimedEvaluatorOptions>, TimedEvaluatorOptionsValidator>());
        // After every Configure: the slot then holds the evaluator the user finally chose, whatever the call order.
        builder.Services.PostConfigure<ModuleRunnerOptions>(name, options => TimedEvaluatorSlot.Decorate(options, name));
        return builder;
    }
}
