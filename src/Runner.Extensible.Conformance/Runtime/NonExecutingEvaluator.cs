using System.Collections.Concurrent;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// The evaluator the kit puts into runners whose evaluator is not under test (transport, interceptor,
/// import.meta and logger suites): it runs no code, publishes an empty exports object for every module and
/// remembers what the runner gave it, so a suite can check what reached the evaluator.
/// </summary>
internal sealed class NonExecutingEvaluator : IModuleEvaluator
{
    /// <summary>The display name of the evaluator slot it fills.</summary>
    public const string DisplayName = "conformance kit (runs no code)";

    /// <inheritdoc />
    public int? StartOffset => 3;

    /// <summary>What the runner passed to <see cref="InitializeAsync"/>.</summary>
    public ModuleEvaluatorHost? Host { get; private set; }

    /// <summary>The code and context of every module the runner asked to evaluate, by module id.</summary>
    public ConcurrentDictionary<string, (string Code, IModuleEvaluationContext Context)> Evaluated { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the runner disposed it.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken)
    {
        Host = host;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken)
    {
        var exports = new EmptyScriptObject();
        context.PublishExports(exports);
        Evaluated[module.Id] = (code, context);
        return Task.FromResult<IScriptObject>(exports);
    }

    /// <inheritdoc />
    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken) =>
        Task.FromResult<IScriptObject>(new EmptyScriptObject());

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }

    private sealed class EmptyScriptObject : IScriptObject
    {
        public IReadOnlyList<string> GetKeys() => [];

        public bool HasProperty(string name) => false;

        public object? GetProperty(string name) => null;
    }
}
