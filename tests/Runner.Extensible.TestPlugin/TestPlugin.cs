namespace Runner.Extensible.TestPlugin;

/// <summary>Fills the evaluator slot and adds one invoke step, through the same methods users call.</summary>
[ModuleRunnerPlugin("Runner.Extensible.TestPlugin", Kind = "evaluator")]
public sealed class TestPlugin : IModuleRunnerPlugin
{
    public const string EvaluatorDisplayName = "TestPluginEvaluator";

    public void Configure(IModuleRunnerBuilder builder) =>
        builder.UseEvaluator(EvaluatorDisplayName, _ => new TinyEvaluator()).AddInvokeStep(_ => new TaggingStep());
}
