namespace Runner.Extensible.Protocol;

/// <summary>A message or result did not match the Vite protocol. The message says what was wrong.</summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was malformed.</param>
    /// <param name="inner">The underlying parse error, if any.</param>
    public ProtocolException(string message, Exception? inner = null) : base(message, inner) { }
}
