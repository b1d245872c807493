namespace Runner.Extensible.Transports;

/// <summary>
/// A call was made while the transport was not connected (Vite's <c>SendBeforeConnectError</c>): it never
/// connected, or it lost its connection and has not reconnected. The message starts with Vite's text
/// (<c>invoke was called before connect</c> / <c>send was called before connect</c>).
/// </summary>
public sealed class SendBeforeConnectException : TransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Vite's message followed by which transport and what to do.</param>
    public SendBeforeConnectException(string message) : base(message) { }

    /// <summary>Vite's error name for this failure.</summary>
    public const string ErrorName = "SendBeforeConnectError";
}
