namespace Runner.Extensible;

/// <summary>
/// Lets plugin discovery (<c>AddPluginsFrom</c>, <c>AddPluginsFromDirectory</c>) add timing to the runner's evaluator:
/// it makes the same call a user makes, <see cref="TimedEvaluatorBuilderExtensions.UseTimedEvaluator(IModuleRunnerBuilder)"/>.
/// </summary>
[ModuleRunnerPlugin("Company.RunnerEvaluator", Kind = "evaluator")]
public sealed class TimedEvaluatorPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseTimedEvaluator();
}
