using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Evaluation;

namespace Company.RunnerEvaluator;

/// <summary>
/// What the runner's evaluator slot holds once <c>UseTimedEvaluator</c> decorated it: the slot it decorates and the
/// factory of the decorated evaluator. Its type marks the slot as decorated, so decorating twice changes nothing.
/// </summary>
internal sealed class TimedEvaluatorSlot(PluginSlot<IModuleEvaluator>? decorated, string runnerName)
{
    /// <summary>The slot's name in messages, such as <c>V8 (timed)</c>.</summary>
    public string DisplayName => decorated is null ? "timed (no evaluator to decorate)" : $"{decorated.DisplayName} (timed)";

    /// <summary>Fills the slot: <paramref name="options"/>' evaluator decorated, or one that says what is missing.</summary>
    public static void Decorate(ModuleRunnerOptions options, string runnerName)
    {
        if (options.Evaluator?.Factory.Target is TimedEvaluatorSlot) return;
        var slot = new TimedEvaluatorSlot(options.Evaluator, runnerName);
        options.Evaluator = new PluginSlot<IModuleEvaluator>(slot.DisplayName, slot.Create);
    }

    /// <summary>Creates the runner's evaluator: the decorated slot's evaluator, timed.</summary>
    public IModuleEvaluator Create(IServiceProvider services)
    {
        var runner = runnerName.Length == 0 ? "the default runner" : $"runner '{runnerName}'";
        if (decorated is null)
            throw new InvalidOperationException($"UseTimedEvaluator() times the evaluator of {runner}, but it has none; configure one as well, for example builder.UseV8().UseTimedEvaluator().");
        // Options first: invalid settings fail before the decorated evaluator exists.
        var options = services.GetRequiredService<IOptionsMonitor<TimedEvaluatorOptions>>().Get(runnerName);
        var inner = decorated.Factory(services)
            ?? throw new InvalidOperationException($"The evaluator factory of {runner} ({decorated.DisplayName}) returned null.");
        return new TimedEvaluator(inner, options, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }
}
