using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>Promises as tasks and tasks as promises.</summary>
internal sealed partial class JsContext
{
    // Touched only on the environment's thread.
    private readonly Dictionary<int, PendingPromise> _pendingPromises = [];
    private readonly HashSet<nint> _pendingDeferreds = [];
    private int _nextPromiseId;

    /// <summary>Promises being awaited by .NET.</summary>
    internal int PendingPromiseCount => _pendingPromises.Count;

    /// <summary>Promises handed to JavaScript for .NET tasks that have not completed yet.</summary>
    internal int PendingDeferredCount => _pendingDeferreds.Count;

    /// <summary>A task for <paramref name="promise"/>; its value is converted with <see cref="ToClr(JsValue)"/>.</summary>
    public Task<object?> AwaitPromise(JsValue promise) => AwaitPromise(promise, static (context, value) => context.ToClr(value));

    /// <summary>A task for <paramref name="promise"/> whose value is converted on this thread by <paramref name="convert"/>.</summary>
    public Task<T> AwaitPromise<T>(JsValue promise, Func<JsContext, JsValue, T> convert)
    {
        var pending = new PendingPromise<T>(convert);
        var id = ++_nextPromiseId;
        _pendingPromises.Add(id, pending);
        try
        {
            Call(Host.AwaitPromise, Host.Object, promise, CreateNumber(id));
        }
        catch
        {
            _pendingPromises.Remove(id);
            throw;
        }
        return pending.Task;
    }

    /// <summary>A JavaScript promise that settles with <paramref name="task"/>.</summary>
    public JsValue CreatePromise(Task task)
    {
        Check(NodeApi.napi_create_promise(Env, out var deferred, out var promise));
        if (task.IsCompleted)
        {
            SettleDeferred(deferred, task);
            return new JsValue(promise);
        }
        _pendingDeferreds.Add(deferred);
        var environment = Environment;
        task.ContinueWith(
            static (t, state) =>
            {
                var (env, d) = ((NodeEnvironment, nint))state!;
                env.TryPost(context =>
                {
                    // Dispose may have rejected it already.
                    if (context._pendingDeferreds.Remove(d)) context.SettleDeferred(d, t);
                });
            },
            (environment, deferred),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return new JsValue(promise);
    }

    private void SettleDeferred(nint deferred, Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            JsValue value;
            try
            {
                value = FromClr(TaskResults.Read(task));
            }
            catch (Exception e) when (e is not JsTerminatedException)
            {
                Check(NodeApi.napi_reject_deferred(Env, deferred, CreateErrorFrom(e).Handle));
                return;
            }
            Check(NodeApi.napi_resolve_deferred(Env, deferred, value.Handle));
            return;
        }
        var error = task.IsCanceled
            ? CreateErrorFrom(new TaskCanceledException(task))
            : CreateErrorFrom(task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception);
        Check(NodeApi.napi_reject_deferred(Env, deferred, error.Handle));
    }

    /// <summary>Called by the bootstrap's <c>binding.settle(id, ok, value)</c>.</summary>
    private JsValue OnSettle(JsContext context, JsCallbackArgs args)
    {
        var id = (int)GetNumber(args[0]);
        if (!_pendingPromises.Remove(id, out var pending)) return default;
        if (GetBoolean(args[1])) pending.Resolve(this, args[2]);
        else pending.Reject(CreateException(args[2]));
        return default;
    }

    /// <summary>Fails every awaited promise, e.g. when a termination may have dropped their reactions.</summary>
    internal void FailPendingPromises(Exception error)
    {
        if (_pendingPromises.Count == 0) return;
        var pending = _pendingPromises.Values.ToList();
        _pendingPromises.Clear();
        foreach (var p in pending) p.Reject(error);
    }

    /// <summary>Rejects every promise still waiting for a .NET task (before the environment stops).</summary>
    internal void RejectPendingDeferreds(string reason)
    {
        if (_pendingDeferreds.Count == 0) return;
        var deferreds = _pendingDeferreds.ToList();
        _pendingDeferreds.Clear();
        foreach (var d in deferreds) NodeApi.napi_reject_deferred(Env, d, CreateError(reason).Handle);
    }

    private abstract class PendingPromise
    {
        public abstract void Resolve(JsContext context, JsValue value);

        public abstract void Reject(Exception error);
    }

    private sealed class PendingPromise<T>(Func<JsContext, JsValue, T> convert) : PendingPromise
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override void Resolve(JsContext context, JsValue value)
        {
            try
            {
                _completion.TrySetResult(convert(context, value));
            }
            catch (Exception e)
            {
                _completion.TrySetException(e);
            }
        }

        public override void Reject(Exception error) => _completion.TrySetException(error);
    }
}
