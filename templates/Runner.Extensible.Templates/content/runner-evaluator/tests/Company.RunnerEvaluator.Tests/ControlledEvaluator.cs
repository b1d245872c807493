using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Company.RunnerEvaluator.Tests;

/// <summary>An evaluator whose external modules finish when the test says so, and that records what it was asked.</summary>
internal sealed class ControlledEvaluator : IModuleEvaluator
{
    private readonly Dictionary<string, TaskCompletionSource<IScriptObject>> _pending = [];

    public ModuleEvaluatorHost? Host { get; private set; }

    public bool Disposed { get; private set; }

    public int? StartOffset => 7;

    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken)
    {
        Host = host;
        return ValueTask.CompletedTask;
    }

    public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken) =>
        throw new NotSupportedException("These tests load external modules only.");

    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken)
    {
        lock (_pending) return (_pending[url] = new TaskCompletionSource<IScriptObject>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public void Complete(string url, IScriptObject exports)
    {
        lock (_pending) _pending[url].SetResult(exports);
    }

    public void Fail(string url, Exception error)
    {
        lock (_pending) _pending[url].SetException(error);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>An exports object with nothing in it.</summary>
internal sealed class EmptyExports : IScriptObject
{
    public IReadOnlyList<string> GetKeys() => [];

    public bool HasProperty(string name) => false;

    public object? GetProperty(string name) => null;
}

/// <summary>A clock that moves on by a fixed step every time it is read, so durations are exact.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}
