using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Http;

/// <summary>
/// The plugin's HTTP transport (PROTOCOL.md §5): calls by <c>POST &lt;base&gt;/invoke</c> (<see cref="IInvokeTransport"/>,
/// so the core uses them directly), server pushes from the <c>GET &lt;base&gt;/events</c> stream and runner payloads by
/// <c>POST &lt;base&gt;/send</c> (<see cref="IDuplexTransport"/>, for HMR).
/// </summary>
internal sealed class HttpTransport : IInvokeTransport, IDuplexTransport
{
    /// <summary>Names the event stream a request belongs to.</summary>
    public const string ConnectionHeader = "X-Runner-Extensible-Connection";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly ReconnectBackoff _backoff;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private EventStreamSession? _session;
    private volatile HttpEndpoint? _endpoint;
    private bool _disposed;

    public HttpTransport(HttpTransportOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout }) { Timeout = Timeout.InfiniteTimeSpan };
        _backoff = new ReconnectBackoff(options.ReconnectDelay, options.MaxReconnectDelay, options.ReconnectJitter);
    }

    /// <summary>Creates the transport with the logger factory and time provider of <paramref name="services"/>, when registered.</summary>
    public static HttpTransport Create(HttpTransportOptions options, IServiceProvider services) =>
        new(options,
            services.GetService<ILoggerFactory>()?.CreateLogger<HttpTransport>() ?? NullLogger<HttpTransport>.Instance,
            services.GetService<TimeProvider>() ?? TimeProvider.System);

    /// <inheritdoc />
    public string DisplayName => "http " + (_endpoint?.Base.ToString()
        ?? _options.BaseUrl?.ToString()
        ?? "(connection file " + (_options.ConnectionFile ?? HttpEndpoint.DefaultConnectionFile) + ")");

    /// <inheritdoc />
    public TimeSpan InvokeTimeout => _options.InvokeTimeout;

    /// <inheritdoc />
    public async ValueTask ConnectAsync(ITransportMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is { IsLost: false })
                throw new InvalidOperationException($"Transport \"{DisplayName}\" is already connected; disconnect it before connecting again.");
            // An event stream lost for good (AutoReconnect off) may be replaced by connecting again.
            if (_session is { } lost) await lost.StopAsync().ConfigureAwait(false);
            _session = null;
            var stream = await EventStream.OpenAsync(_client, _options, cancellationToken).ConfigureAwait(false);
            _endpoint = stream.Endpoint;
            HttpTransportLog.Connected(_logger, stream.Endpoint.Events, stream.ConnectionId);
            var session = new EventStreamSession(_client, handler, _options, _backoff, _time, _logger)
            {
                EndpointChanged = endpoint => _endpoint = endpoint,
            };
            session.Start(stream);
            _session = session;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var endpoint = _endpoint ??= HttpEndpoint.Resolve(_options);
        var call = "the call " + CallDescription.Describe(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.InvokeTimeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(_options.InvokeTimeout);
        try
        {
            using var message = Post(endpoint, endpoint.Invoke, request.ToPayload());
            // Ties the call to this runner's event stream: the plugin's own methods (PROTOCOL.md §7) need it.
            if (_session?.Current is { } stream && stream.Endpoint == endpoint) message.Headers.Add(ConnectionHeader, stream.ConnectionId);
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var refusal = await ServerRefusal.ReadAsync(response, timeout.Token).ConfigureAwait(false);
                throw new TransportException(refusal.Describe($"{call} (POST {endpoint.Invoke}{endpoint.Source})", endpoint.TokenHint));
            }
            var body = await ReadBodyAsync(response, call, endpoint, timeout.Token).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                return ProtocolJson.ReadInvokeResult(document.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or ProtocolException)
            {
                throw new TransportException(
                    $"The Vite server at {endpoint.Invoke} answered {call} with a body that is not {{\"result\"}} or {{\"error\"}} JSON: {ex.Message} (body starts with: {PayloadPreview.Of(body)})", ex);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TransportException(
                $"transport invoke timed out after {(long)_options.InvokeTimeout.TotalMilliseconds}ms: {call} (POST {endpoint.Invoke}) got no answer; "
                + "raise HttpTransportOptions.InvokeTimeout if the server is just slow.", new TimeoutException(ex.Message, ex));
        }
        catch (HttpRequestException ex)
        {
            throw new TransportException(
                $"{Capitalized(call)} failed: the Vite server at {endpoint.Invoke}{endpoint.Source} could not be reached or dropped the connection ({Innermost(ex).Message}).", ex);
        }
        catch (IOException ex)
        {
            throw new TransportException($"{Capitalized(call)} failed: the connection to the Vite server at {endpoint.Invoke} broke while reading the answer ({ex.Message}).", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var what = CallDescription.Describe(payload);
        var stream = _session?.Current
            ?? throw new TransportException($"Cannot send {what} over transport \"{DisplayName}\": its event stream is not open"
                + (_session is not null && _options.AutoReconnect ? " (reconnecting)." : "."));
        var endpoint = stream.Endpoint;
        try
        {
            using var message = Post(endpoint, endpoint.Send, payload);
            message.Headers.Add(ConnectionHeader, stream.ConnectionId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The server answers 204 as soon as it has routed the payload, so a call's timeout is plenty.
            if (_options.InvokeTimeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(_options.InvokeTimeout);
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK) return;
            var refusal = await ServerRefusal.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw new TransportException(refusal.Describe($"{what} (POST {endpoint.Send}, connection {stream.ConnectionId})", endpoint.TokenHint));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException($"Sending {what} to the Vite server at {endpoint.Send} timed out.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TransportException($"Sending {what} to the Vite server at {endpoint.Send} failed: {Innermost(ex).Message}", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var session = _session;
            _session = null;
            if (session is not null) await session.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _disposed = true;
        _client.Dispose();
    }

    private static HttpRequestMessage Post(HttpEndpoint endpoint, Uri url, HotPayload payload)
    {
        var content = new ByteArrayContent(ProtocolJson.SerializeToUtf8Bytes(payload));
        content.Headers.ContentType = Json;
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        return message;
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string call, HttpEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxInboundMessageBytes)
            throw TooLarge(call, endpoint, declared);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxInboundMessageBytes) throw TooLarge(call, endpoint, buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private TransportException TooLarge(string call, HttpEndpoint endpoint, long bytes) =>
        new($"The Vite server at {endpoint.Invoke} answered {call} with more than {bytes} bytes, above HttpTransportOptions.MaxInboundMessageBytes ({_options.MaxInboundMessageBytes}); raise the limit if such answers are expected.");

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
