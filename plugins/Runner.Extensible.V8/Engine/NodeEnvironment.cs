using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// One Node environment (isolate, context, event loop) running on its own thread. Work is posted
/// to that thread and drained in batches, many items per wake-up; from the thread itself (inside a
/// work item or a JavaScript callback) it runs inline, so the thread never waits on itself.
/// </summary>
/// <remarks>
/// <c>process.exit()</c>, the time limit and the heap limit terminate only the JavaScript that is
/// running: the caller sees <see cref="JsProcessExitException"/>, <see cref="JsTimeoutException"/>
/// or <see cref="JsHeapLimitException"/> and the environment stays usable. The environment stops
/// only when disposed; work posted afterwards fails with <see cref="ObjectDisposedException"/>.
/// </remarks>
internal sealed class NodeEnvironment : IAsyncDisposable, IDisposable
{
    private const string BindingName = "runner_extensible_v8";
    private const int MaxItemsPerWake = 4096;
    private const int ErrorBufferSize = 4096;
    private const int ThreadStackSize = 16 * 1024 * 1024;

    private const int Starting = 0;
    private const int Running = 1;
    private const int Disposing = 2;
    private const int Stopped = 3;

    // Depth of work items and JS callbacks on this thread: inline execution is safe only inside one.
    [ThreadStatic] private static int t_jsScopeDepth;

    private readonly NodeEnvironmentOptions _options;
    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private readonly ConcurrentQueue<nint> _releases = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _nativeGate = new();
    private readonly Thread _thread;
    private readonly int _threadId;
    private GCHandle _self;
    private nint _native;
    private int _wakePending;
    private int _state = Starting;
    private JsContext? _context;
    private Timer? _watchdog;
    private long _liveReferences;
    private string? _startError;

    private unsafe NodeEnvironment(NodeEnvironmentOptions options)
    {
        _options = options;
        _self = GCHandle.Alloc(this);
        var bootstrap = BootstrapScript.Build(BindingName, options);
        var bindingName = NativeText.Alloc(BindingName);
        var bootstrapText = NativeText.Alloc(bootstrap);
        try
        {
            var native = new HostApi.EnvironmentOptions
            {
                User = GCHandle.ToIntPtr(_self),
                OnBinding = &OnBinding,
                OnDrain = &OnDrain,
                OnLoopTerminated = &OnLoopTerminated,
                BindingName = bindingName,
                Bootstrap = bootstrapText,
                HeapLimitBytes = (ulong)(options.HeapLimitBytes ?? 0),
            };
            _native = HostApi.rx_env_new(&native);
        }
        finally
        {
            NativeMemory.Free(bindingName);
            NativeMemory.Free(bootstrapText);
        }
        if (_native == 0)
        {
            _self.Free();
            throw new InvalidOperationException("The native shim refused to create an environment.");
        }
        _thread = new Thread(ThreadMain, ThreadStackSize) { IsBackground = true, Name = options.Name };
        _threadId = _thread.ManagedThreadId;
    }

    /// <summary>Starts an environment and waits until its bootstrap has run.</summary>
    public static async Task<NodeEnvironment> StartAsync(NodeEnvironmentOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NodeEnvironmentOptions();
        options.Validate();
        NodeRuntime.EnsureInitialized(options.EngineFlags);
        var environment = new NodeEnvironment(options);
        environment._thread.Start();
        try
        {
            await environment._started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return environment;
    }

    /// <summary>Raised (on the thread pool) for an uncaught exception or unhandled rejection in JavaScript.</summary>
    /// <remarks>The first argument says what happened: <c>uncaughtException</c>, <c>unhandledRejection</c>,
    /// <c>terminated</c> (code outside a work item hit a limit or called process.exit), <c>postedWork</c>.</remarks>
    public event Action<string, Exception>? UnhandledError;

    public NodeEnvironmentOptions Options => _options;

    /// <summary>Completes when the environment's thread has torn everything down.</summary>
    public Task Completion => _completed.Task;

    public bool IsRunning => Volatile.Read(ref _state) == Running;

    /// <summary>True on the environment's own thread.</summary>
    public bool IsOnJsThread => System.Environment.CurrentManagedThreadId == _threadId;

    /// <summary>JavaScript values kept alive by .NET references (including the engine's own few).</summary>
    public long LiveReferenceCount => Interlocked.Read(ref _liveReferences);

    /// <summary>.NET functions handed to JavaScript whose GCHandles are still alive.</summary>
    public long LiveCallbackCount => _context?.LiveCallbackCount ?? 0;

    internal nint Native => _native;

    private bool CanRunInline => t_jsScopeDepth > 0 && IsOnJsThread && _context is not null;

    /// <summary>Queues <paramref name="work"/>; an exception it throws is raised as <see cref="UnhandledError"/>.</summary>
    public void Post(Action<JsContext> work) =>
        Enqueue(new ActionWorkItem(work, e => RaiseUnhandled("postedWork", e)));

    /// <summary>Like <see cref="Post"/> but returns false instead of throwing once the environment is disposed.</summary>
    public bool TryPost(Action<JsContext> work)
    {
        if (Volatile.Read(ref _state) >= Disposing) return false;
        try
        {
            Post(work);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the environment's thread (inline when already there).</summary>
    public Task<T> InvokeAsync<T>(Func<JsContext, T> work)
    {
        if (CanRunInline)
        {
            try
            {
                return Task.FromResult(work(_context!));
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
        var item = new FuncWorkItem<T>(work);
        try
        {
            Enqueue(item);
        }
        catch (ObjectDisposedException e)
        {
            return Task.FromException<T>(e);
        }
        return item.Task;
    }

    public Task InvokeAsync(Action<JsContext> work) => InvokeAsync<object?>(context =>
    {
        work(context);
        return null;
    });

    /// <summary>Runs <paramref name="work"/> and waits for it; inline on the environment's thread.</summary>
    public T Invoke<T>(Func<JsContext, T> work)
    {
        if (CanRunInline) return work(_context!);
        if (IsOnJsThread)
            throw new InvalidOperationException("The JavaScript thread cannot wait for work posted to itself; use InvokeAsync or Post.");
        return InvokeAsync(work).GetAwaiter().GetResult();
    }

    public void Invoke(Action<JsContext> work) => Invoke<object?>(context =>
    {
        work(context);
        return null;
    });

    /// <summary>Terminates the JavaScript running right now, if any (it fails with <see cref="OperationCanceledException"/>).</summary>
    public bool TerminateCurrentExecution()
    {
        lock (_nativeGate)
        {
            if (_native == 0 || HostApi.rx_env_current_slice(_native, out var slice, out _) == 0) return false;
            return HostApi.rx_env_terminate(_native, slice, TerminationReason.Requested) == 1;
        }
    }

    public void Dispose()
    {
        var completion = BeginDispose();
        if (!IsOnJsThread) completion.GetAwaiter().GetResult();
    }

    public ValueTask DisposeAsync() => new(BeginDispose());

    internal static void EnterJsScope() => t_jsScopeDepth++;

    internal static void ExitJsScope() => t_jsScopeDepth--;

    internal void OnReferenceCreated() => Interlocked.Increment(ref _liveReferences);

    internal void OnReferenceDeleted() => Interlocked.Decrement(ref _liveReferences);

    /// <summary>Releases a <c>napi_ref</c> from any thread.</summary>
    internal void ReleaseReference(nint reference)
    {
        if (CanRunInline)
        {
            _context!.DeleteReference(reference);
            return;
        }
        // After disposal Node frees every reference together with the environment.
        if (Volatile.Read(ref _state) >= Disposing) return;
        _releases.Enqueue(reference);
        RequestWake();
    }

    internal void OnReady()
    {
        Interlocked.CompareExchange(ref _state, Running, Starting);
        if (_options.ExecutionTimeLimit is { } limit)
        {
            var period = TimeSpan.FromMilliseconds(Math.Clamp(limit.TotalMilliseconds / 10, 1, 100));
            _watchdog = new Timer(static state => ((NodeEnvironment)state!).EnforceTimeLimit(), this, period, period);
        }
        _started.TrySetResult();
        if (!_queue.IsEmpty) RequestWake();
    }

    internal void OnUnhandledError(string kind, JsException error) => RaiseUnhandled(kind, error);

    private void RaiseUnhandled(string kind, Exception error)
    {
        var handler = UnhandledError;
        if (handler is null) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ => handler(kind, error), null);
    }

    private void Enqueue(WorkItem item)
    {
        if (Volatile.Read(ref _state) >= Disposing) throw CreateDisposedException(null);
        _queue.Enqueue(item);
        RequestWake();
        // The thread may have ended between the check and the enqueue.
        if (Volatile.Read(ref _state) == Stopped) FailQueued(CreateDisposedException(null));
    }

    private void RequestWake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) != 0) return;
        int rc;
        lock (_nativeGate)
        {
            rc = _native == 0 ? -1 : HostApi.rx_env_wake(_native);
        }
        if (rc == 0) return;
        Volatile.Write(ref _wakePending, 0);
        // -2: not accepting yet; OnReady wakes the thread once the loop runs.
        if (rc == -1) FailQueued(CreateDisposedException(null));
    }

    private Task BeginDispose()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state >= Disposing) return _completed.Task;
            if (Interlocked.CompareExchange(ref _state, Disposing, state) == state) break;
        }
        // The last item: settle what JavaScript still waits for, then stop the loop.
        _queue.Enqueue(new ActionWorkItem(context =>
        {
            context.RejectPendingDeferreds("The JavaScript environment was disposed.");
            lock (_nativeGate)
            {
                if (_native != 0) HostApi.rx_env_request_stop(_native);
            }
        }, null));
        RequestWake();
        return _completed.Task;
    }

    private unsafe void ThreadMain()
    {
        string? failure = null;
        try
        {
            var error = stackalloc byte[ErrorBufferSize];
            error[0] = 0;
            if (HostApi.rx_env_run(_native, error, ErrorBufferSize) != 0)
                failure = _startError ?? NativeText.Read(error);
        }
        catch (Exception e)
        {
            failure = e.Message;
        }

        Volatile.Write(ref _state, Stopped);
        _watchdog?.Dispose();
        var stopped = CreateDisposedException(failure);
        FailQueued(stopped);
        try
        {
            _context?.FailPendingPromises(stopped);
        }
        catch (Exception)
        {
            // Only task completions happen here; nothing to recover.
        }
        lock (_nativeGate)
        {
            HostApi.rx_env_free(_native);
            _native = 0;
        }
        _self.Free();
        _started.TrySetException(new InvalidOperationException(
            $"The JavaScript environment failed to start: {failure ?? _startError ?? "it was disposed while starting"}"));
        _completed.TrySetResult();
    }

    private void FailQueued(Exception error)
    {
        while (_queue.TryDequeue(out var item)) item.Fail(error);
    }

    private static ObjectDisposedException CreateDisposedException(string? failure) =>
        new(nameof(NodeEnvironment), failure is null
            ? "The JavaScript environment has been disposed."
            : $"The JavaScript environment stopped: {failure}");

    private void Drain()
    {
        Volatile.Write(ref _wakePending, 0);
        var context = _context;
        if (context is null) return;
        t_jsScopeDepth++;
        try
        {
            while (_releases.TryDequeue(out var reference)) context.DeleteReference(reference);
            for (var n = 0; n < MaxItemsPerWake && _queue.TryDequeue(out var item); n++) RunItem(context, item);
        }
        finally
        {
            t_jsScopeDepth--;
        }
        // Leave the rest for the next wake-up so timers and I/O get their turn.
        if (!_queue.IsEmpty) RequestWake();
    }

    private void RunItem(JsContext context, WorkItem item)
    {
        HostApi.rx_env_slice_begin(_native);
        NodeApi.napi_open_handle_scope(context.Env, out var scope);
        item.Execute(context);
        NodeApi.napi_close_handle_scope(context.Env, scope);
        var reason = HostApi.rx_env_slice_end(_native);
        if (reason == TerminationReason.None)
        {
            item.Complete(null);
            return;
        }
        context.ResetAfterTermination();
        item.Complete(CreateTerminationException(reason));
    }

    private Exception CreateTerminationException(TerminationReason reason) => reason switch
    {
        TerminationReason.TimeLimit => new JsTimeoutException(_options.ExecutionTimeLimit ?? TimeSpan.Zero),
        TerminationReason.HeapLimit => new JsHeapLimitException(_options.HeapLimitBytes),
        TerminationReason.ProcessExit => new JsProcessExitException(HostApi.rx_env_last_exit_code(_native)),
        _ => new OperationCanceledException("JavaScript execution was terminated."),
    };

    private void EnforceTimeLimit()
    {
        var limitNs = (long)(_options.ExecutionTimeLimit!.Value.TotalMilliseconds * 1_000_000);
        lock (_nativeGate)
        {
            if (_native == 0 || HostApi.rx_env_current_slice(_native, out var slice, out var startedNs) == 0) return;
            if (HostApi.rx_monotonic_ns() - startedNs >= limitNs)
                HostApi.rx_env_terminate(_native, slice, TerminationReason.TimeLimit);
        }
    }

    private static NodeEnvironment FromUser(nint user) => (NodeEnvironment)GCHandle.FromIntPtr(user).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint OnBinding(nint user, nint env, nint exports)
    {
        var self = FromUser(user);
        if (self._context is not null) return exports;
        t_jsScopeDepth++;
        try
        {
            var context = new JsContext(self, env);
            context.InitializeBinding(new JsValue(exports));
            self._context = context;
        }
        catch (Exception e)
        {
            self._startError = "initialising the .NET binding failed: " + e;
        }
        finally
        {
            t_jsScopeDepth--;
        }
        return exports;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDrain(nint user)
    {
        var self = FromUser(user);
        try
        {
            self.Drain();
        }
        catch (Exception e)
        {
            // Work items catch their own exceptions; this is a bug in the engine itself.
            self.RaiseUnhandled("engine", e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLoopTerminated(nint user, int reason)
    {
        var self = FromUser(user);
        var context = self._context;
        if (context is null) return;
        t_jsScopeDepth++;
        try
        {
            context.ResetAfterTermination();
            // V8 drops the whole microtask queue when it terminates during promise reactions, so
            // awaited promises may never settle; fail them rather than leave .NET waiting forever.
            var error = self.CreateTerminationException((TerminationReason)reason);
            context.FailPendingPromises(error);
            self.RaiseUnhandled("terminated", error);
        }
        catch (Exception e)
        {
            self.RaiseUnhandled("engine", e);
        }
        finally
        {
            t_jsScopeDepth--;
        }
    }
}
