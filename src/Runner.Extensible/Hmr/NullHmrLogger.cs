namespace Runner.Extensible.Hmr;

/// <summary>
/// An HMR logger that drops every message (Vite's <c>hmr: { logger: false }</c>); use it with
/// <c>UseHmrLogger(_ =&gt; NullHmrLogger.Instance)</c>.
/// </summary>
public sealed class NullHmrLogger : IHmrLogger
{
    /// <summary>The shared instance.</summary>
    public static NullHmrLogger Instance { get; } = new();

    private NullHmrLogger()
    {
    }

    /// <inheritdoc />
    public void Debug(string message)
    {
    }

    /// <inheritdoc />
    public void Error(string message, Exception? exception = null)
    {
    }
}
