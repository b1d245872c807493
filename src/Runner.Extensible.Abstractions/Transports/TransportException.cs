namespace Runner.Extensible.Transports;

/// <summary>The connection to the Vite server failed; the message says which transport, what call and why.</summary>
public class TransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, where, and how to fix it when known.</param>
    /// <param name="inner">The underlying error.</param>
    public TransportException(string message, Exception? inner = null) : base(message, inner) { }
}
