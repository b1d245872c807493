using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runner.Extensible.V8.Evaluator;

namespace Runner.Extensible;

/// <summary>Adds the in-process V8 evaluator (Debian's libnode through Node-API) to a module runner.</summary>
public static class V8ModuleRunnerBuilderExtensions
{
    /// <summary>The name the evaluator slot shows in messages.</summary>
    public const string DisplayName = "V8";

    /// <summary>Evaluates the runner's modules in V8 with default settings.</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseV8(this IModuleRunnerBuilder builder) => builder.UseV8(static _ => { });

    /// <summary>Evaluates the runner's modules in V8.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adjusts the runner's <see cref="V8EvaluatorOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A setting is out of range (the message names it).</exception>
    public static IModuleRunnerBuilder UseV8(this IModuleRunnerBuilder builder, Action<V8EvaluatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new V8EvaluatorOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        builder.Services.AddOptions();
        builder.Services.Configure(builder.Name, configure);
        var name = builder.Name;
        return builder.UseEvaluator(DisplayName, services =>
            new V8ModuleEvaluator(services.GetRequiredService<IOptionsMonitor<V8EvaluatorOptions>>().Get(name)));
    }
}
