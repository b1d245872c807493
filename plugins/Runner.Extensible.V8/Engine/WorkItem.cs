namespace Runner.Extensible.V8.Engine;

/// <summary>Work posted to an environment's thread.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs on the environment's thread; must not throw.</summary>
    public abstract void Execute(JsContext context);

    /// <summary>Publishes the outcome; <paramref name="overrideError"/> replaces it (termination).</summary>
    public abstract void Complete(Exception? overrideError);

    /// <summary>The item will never run.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A work item whose result a task waits for.</summary>
internal sealed class FuncWorkItem<T>(Func<JsContext, T> work) : WorkItem
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override void Execute(JsContext context)
    {
        try
        {
            _result = work(context);
        }
        catch (Exception e)
        {
            _error = e;
        }
    }

    public override void Complete(Exception? overrideError)
    {
        var error = overrideError ?? _error;
        if (error is null) _completion.TrySetResult(_result!);
        else _completion.TrySetException(error);
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>Fire-and-forget work; a failure is reported through <paramref name="onError"/>.</summary>
internal sealed class ActionWorkItem(Action<JsContext> work, Action<Exception>? onError) : WorkItem
{
    private Exception? _error;

    public override void Execute(JsContext context)
    {
        try
        {
            work(context);
        }
        catch (Exception e)
        {
            _error = e;
        }
    }

    public override void Complete(Exception? overrideError)
    {
        var error = overrideError ?? _error;
        if (error is not null) onError?.Invoke(error);
    }

    public override void Fail(Exception error)
    {
    }
}
