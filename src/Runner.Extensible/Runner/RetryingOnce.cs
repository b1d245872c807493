namespace Runner.Extensible;

/// <summary>
/// Runs an operation until it succeeds once: concurrent callers share the attempt in progress, a success is
/// remembered, a failure is forgotten so that the next call tries again. Used for Vite's
/// <c>ensureBuiltins</c> (retried after a failed <c>getBuiltins</c>) and for starting the runner.
/// </summary>
internal sealed class RetryingOnce(Func<Task> operation)
{
    private readonly object _gate = new();
    private Task? _running;
    private volatile bool _succeeded;

    /// <summary>Whether the operation has succeeded.</summary>
    public bool Succeeded => _succeeded;

    /// <summary>Completes when the operation has succeeded; faults with its error when this attempt failed.</summary>
    public Task EnsureAsync()
    {
        if (_succeeded) return Task.CompletedTask;
        TaskCompletionSource attempt;
        lock (_gate)
        {
            if (_succeeded) return Task.CompletedTask;
            if (_running is not null) return _running;
            attempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running = attempt.Task;
        }
        _ = RunAsync(attempt);
        return attempt.Task;
    }

    private async Task RunAsync(TaskCompletionSource attempt)
    {
        try
        {
            await operation().ConfigureAwait(false);
            lock (_gate)
            {
                _succeeded = true;
                _running = null;
            }
            attempt.SetResult();
        }
        catch (Exception ex)
        {
            // Forget the attempt before failing it, so a caller that retries on the failure starts a new one.
            lock (_gate) _running = null;
            if (ex is OperationCanceledException oce) attempt.SetCanceled(oce.CancellationToken);
            else attempt.SetException(ex);
        }
    }
}
