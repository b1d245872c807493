using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// Builds the exceptions of the runner's transport layer, so that every failure names the transport, the
/// call and, for <c>fetchModule</c>, the url, and says what to do.
/// </summary>
internal static class TransportFailures
{
    /// <summary>
    /// Whether an exception thrown by a plugin transport should be wrapped: server errors, protocol errors,
    /// transport errors and cancellation already say what they are; anything else (a plugin bug, an I/O
    /// error) is wrapped in a <see cref="TransportException"/> that names the call.
    /// </summary>
    internal static bool ShouldWrap(Exception exception) =>
        exception is not (TransportException or InvokeErrorException or ProtocolException or OperationCanceledException);

    /// <summary>A plugin transport threw while carrying a call.</summary>
    internal static TransportException Threw(IModuleRunnerTransport transport, string method, JsonElement arguments, Exception exception) =>
        new($"transport \"{transport.DisplayName}\" failed while calling {InvokeDescription.Describe(method, arguments)}: {exception.Message}", exception);

    /// <summary>A plugin transport threw while sending a payload.</summary>
    internal static TransportException SendThrew(IModuleRunnerTransport transport, HotPayload payload, Exception exception) =>
        new($"transport \"{transport.DisplayName}\" failed to send a \"{payload.Type}\" payload: {exception.Message}", exception);

    /// <summary>Vite's <c>transport invoke timed out after &lt;N&gt;ms (data: &lt;JSON&gt;)</c>.</summary>
    internal static TransportException TimedOut(TimeSpan timeout, HotPayload request) =>
        new($"transport invoke timed out after {(long)timeout.TotalMilliseconds}ms (data: {ProtocolJson.Serialize(request)})", new TimeoutException());

    /// <summary>Vite's message when the runner disconnects (on close) while a call is pending.</summary>
    internal static TransportException DisconnectedByRunner(string method) =>
        new($"transport was disconnected, cannot call {JsonSerializer.Serialize(method)}");

    /// <summary>The connection dropped while a call was pending (an improvement over Vite, which waits for the timeout).</summary>
    internal static TransportException ConnectionLost(IModuleRunnerTransport transport, string method, JsonElement arguments, Exception? reason) =>
        new($"transport was disconnected, cannot call {InvokeDescription.Describe(method, arguments)}: the connection of transport \"{transport.DisplayName}\" was lost"
            + (reason is null ? "" : $" ({reason.Message})")
            + ". The call failed at once instead of waiting for its timeout; calls work again if the transport reconnects.", reason);

    /// <summary>Vite's <c>SendBeforeConnectError</c>.</summary>
    internal static SendBeforeConnectException NotConnected(IModuleRunnerTransport transport, string what) =>
        new($"{what} was called before connect (transport \"{transport.DisplayName}\" is not connected: it never connected or lost its connection; "
            + "start the runner first, or wait for the transport to reconnect)");

    /// <summary>A response arrived for a call but was not <c>{result}</c> or <c>{error}</c>.</summary>
    internal static ProtocolException MalformedResponse(string method, JsonElement arguments, ProtocolException inner) =>
        new($"The server's response to {InvokeDescription.Describe(method, arguments)} is malformed: {inner.Message}", inner);
}
