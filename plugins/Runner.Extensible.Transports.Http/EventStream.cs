using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Http;

/// <summary>
/// One open <c>GET &lt;base&gt;/events</c> stream and the connection id the server named it with (PROTOCOL.md §5.2).
/// </summary>
internal sealed class EventStream : IDisposable
{
    /// <summary>The first event's type, which names the connection.</summary>
    public const string ConnectionEvent = "runner-extensible:connection";

    private readonly HttpResponseMessage _response;

    private EventStream(HttpEndpoint endpoint, HttpResponseMessage response, ServerSentEventReader reader, string connectionId)
    {
        Endpoint = endpoint;
        _response = response;
        Reader = reader;
        ConnectionId = connectionId;
    }

    public HttpEndpoint Endpoint { get; }

    public ServerSentEventReader Reader { get; }

    /// <summary>Names this stream in <c>POST /send</c> and <c>/invoke</c> (<c>X-Runner-Extensible-Connection</c>).</summary>
    public string ConnectionId { get; }

    /// <summary>
    /// Opens the stream and reads its connection event; throws <see cref="TransportException"/> saying why it could not.
    /// </summary>
    public static async Task<EventStream> OpenAsync(HttpClient client, HttpTransportOptions options, CancellationToken cancellationToken)
    {
        var endpoint = HttpEndpoint.Resolve(options);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.ConnectTimeout);
        HttpResponseMessage? response = null;
        ServerSentEventReader? reader = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Events);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var refusal = await ServerRefusal.ReadAsync(response, attempt.Token).ConfigureAwait(false);
                throw new TransportException(refusal.Describe($"the event stream GET {endpoint.Events}{endpoint.Source}", endpoint.TokenHint));
            }
            var stream = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
            reader = new ServerSentEventReader(stream, options.MaxInboundMessageBytes);
            var connectionId = await ReadConnectionIdAsync(reader, endpoint, attempt.Token).ConfigureAwait(false);
            return new EventStream(endpoint, response, reader, connectionId);
        }
        catch (Exception ex) when (ex is not TransportException)
        {
            reader?.Dispose();
            response?.Dispose();
            if (cancellationToken.IsCancellationRequested) throw;
            if (attempt.IsCancellationRequested)
                throw new TransportException(
                    $"Opening the event stream of the Vite server at {endpoint.Events}{endpoint.Source} timed out after {options.ConnectTimeout.TotalSeconds:0.###} s. "
                    + "Check that the dev server is running and reachable, or raise HttpTransportOptions.ConnectTimeout.", ex);
            throw new TransportException(
                $"Cannot open the event stream of the Vite server at {endpoint.Events}{endpoint.Source}: {Innermost(ex).Message}. "
                + "Start the Vite dev server with the runner-extensible plugin (runnerExtensible() in vite.config) and use the HTTP URL it logs or writes to its connection file.", ex);
        }
        catch (TransportException)
        {
            reader?.Dispose();
            response?.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadConnectionIdAsync(ServerSentEventReader reader, HttpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var kind = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (kind == SseKind.Event && reader.EventType == ConnectionEvent)
        {
            try
            {
                using var document = JsonDocument.Parse(reader.Data);
                if (document.RootElement.TryGetProperty("connectionId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value)
                    return value;
            }
            catch (JsonException)
            {
                // Reported below.
            }
        }
        throw new TransportException(
            $"{endpoint.Events}{endpoint.Source} did not start with a \"{ConnectionEvent}\" event naming the connection; "
            + "it is not the event stream of vite-plugin-runner-extensible (protocol 1). Check the URL and the plugin version.");
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    public void Dispose()
    {
        Reader.Dispose();
        _response.Dispose();
    }
}
