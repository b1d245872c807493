namespace Runner.Extensible.Hmr;

/// <summary>
/// Receives the HMR client's messages (Vite's <c>hmr.logger</c>): <c>connected.</c>, <c>hot updated: X</c>,
/// <c>program reload</c>, <c>invalidate X</c>, and errors such as <c>Failed to reload X…</c>.
/// </summary>
public interface IHmrLogger
{
    /// <summary>An informational message.</summary>
    /// <param name="message">The message text, without a prefix.</param>
    void Debug(string message);

    /// <summary>An error message.</summary>
    /// <param name="message">The message text, without a prefix.</param>
    /// <param name="exception">The error, when there is one.</param>
    void Error(string message, Exception? exception = null);
}
