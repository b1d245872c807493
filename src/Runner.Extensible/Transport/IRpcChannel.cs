using System.Text.Json;

namespace Runner.Extensible.Transports;

/// <summary>How the runner calls a server method: natively (<see cref="IInvokeTransport"/>) or emulated over messages.</summary>
internal interface IRpcChannel
{
    /// <summary>Calls <paramref name="method"/> and returns its <c>result</c>.</summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments, a JSON array.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <exception cref="Protocol.InvokeErrorException">The server answered with an error.</exception>
    /// <exception cref="TransportException">The call could not be carried.</exception>
    Task<JsonElement> InvokeAsync(string method, JsonElement arguments, CancellationToken cancellationToken);
}
