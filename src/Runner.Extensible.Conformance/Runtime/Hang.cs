namespace Runner.Extensible.Conformance.Runtime;

/// <summary>Turns a plugin that never answers into a failed test that says what hung, instead of a stuck run.</summary>
internal static class Hang
{
    /// <summary>Waits for <paramref name="task"/> at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">It did not finish in time; the message names <paramref name="what"/>.</exception>
    public static async Task<T> Guard<T>(Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {timeout.TotalSeconds:0.#} s.", e);
        }
    }

    /// <inheritdoc cref="Guard{T}(Task{T}, TimeSpan, string)"/>
    public static async Task Guard(Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {timeout.TotalSeconds:0.#} s.", e);
        }
    }
}
