using Runner.Extensible.Protocol;

namespace Runner.Extensible.Hmr;

/// <summary>
/// Vite's HMR <c>Queue</c>: payloads are handled one at a time in arrival order, and a payload's handling
/// (including awaited re-imports) finishes before the next one starts.
/// </summary>
/// <remarks>
/// Vite starts handling an idle queue's payload synchronously inside the transport's <c>onMessage</c>. Here
/// handling always starts on the thread pool, so a transport's receive loop never runs script callbacks
/// (and is free to deliver the RPC answers a re-import is waiting for). A handler that fails is logged
/// and the queue moves on, where Vite would leave an unhandled rejection.
/// </remarks>
internal sealed class HmrPayloadQueue(Func<HotPayload, Task> handle, IHmrLogger logger)
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>Appends a payload; it is handled after every payload enqueued before it.</summary>
    public void Enqueue(HotPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Enqueue(() => handle(payload), error => HmrMessages.PayloadFailed(payload.Type, error));
    }

    /// <summary>
    /// Appends work of the client's own (the check after a reconnect) that must not interleave with payloads;
    /// a failure is logged with the message <paramref name="describeFailure"/> builds.
    /// </summary>
    public void Enqueue(Func<Task> work, Func<Exception, string> describeFailure)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(describeFailure);
        lock (_gate)
        {
            // The tail never faults (HandleSafelyAsync catches), so the chain cannot break.
            _tail = _tail.ContinueWith(
                _ => HandleSafelyAsync(work, describeFailure),
                CancellationToken.None,
                TaskContinuationOptions.DenyChildAttach,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Completes when every payload enqueued before the call has been handled.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate) return _tail;
    }

    private async Task HandleSafelyAsync(Func<Task> work, Func<Exception, string> describeFailure)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            try
            {
                logger.Error(describeFailure(ex), ex);
            }
            catch
            {
                // A throwing logger must not stop the queue either; there is nowhere left to report it.
            }
        }
    }
}
