using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.TestPlugin;

/// <summary>An evaluator that evaluates nothing: discovery tests only check that it is the one a runner gets.</summary>
internal sealed class TinyEvaluator : IModuleEvaluator
{
    public int? StartOffset => 3;

    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The test plugin's evaluator does not run code.");

    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The test plugin's evaluator does not run code.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
