using System.Diagnostics;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// Wakes waiting tests whenever something they may wait for is recorded (a payload, a log entry from a module), so
/// that waits end as soon as their condition holds and never sleep for a guessed time.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = New();

    /// <summary>Something was recorded: wake every waiter to re-check its condition.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-checking after every <see cref="Pulse"/>; after
    /// <paramref name="timeout"/> fails with <paramref name="describe"/>'s account of what was recorded.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        var cancellation = TestContext.Current.CancellationToken;
        while (true)
        {
            // Taken before the check, so a pulse between the check and the wait is not lost.
            var next = Volatile.Read(ref _next).Task;
            if (condition()) return;
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}. {describe()}");
            await Task.WhenAny(next, Task.Delay(remaining, cancellation)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
