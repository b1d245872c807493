using System.Collections.Concurrent;
using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports;

/// <summary>
/// Request/response emulated over a duplex transport (Vite's <c>createInvokeableTransport</c> without
/// <c>invoke</c>): each call is sent as <c>vite:invoke</c> with id <c>send:&lt;nanoid&gt;</c> and settled by the
/// payload whose id is <c>response:&lt;nanoid&gt;</c>; the transport's <see cref="IDuplexTransport.InvokeTimeout"/>
/// bounds the wait.
/// </summary>
internal sealed class MessageRpcChannel(IDuplexTransport transport, TimeProvider timeProvider) : IRpcChannel
{
    private const string RequestPrefix = "send:";
    private const string ResponsePrefix = "response:";

    private readonly ConcurrentDictionary<string, PendingInvoke> _pending = new(StringComparer.Ordinal);

    /// <summary>How many calls wait for a response.</summary>
    internal int PendingCount => _pending.Count;

    /// <inheritdoc />
    public async Task<JsonElement> InvokeAsync(string method, JsonElement arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = NanoId.New();
        var request = new InvokeRequest(method, RequestPrefix + id, arguments).ToPayload();
        var pending = new PendingInvoke(method, arguments);
        // Registered before sending: unlike Vite's single thread, a response can arrive while SendAsync runs.
        _pending[id] = pending;

        var timeout = transport.InvokeTimeout;
        if (timeout > TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            pending.Timer = timeProvider.CreateTimer(_ =>
            {
                if (_pending.TryRemove(id, out var expired))
                    expired.Fail(TransportFailures.TimedOut(timeout, request));
            }, null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        }

        using var registration = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(id, out var abandoned))
                abandoned.Cancel(cancellationToken);
        });
        try
        {
            try
            {
                await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Vite: a send that rejects removes the call and rejects it with that error.
                if (_pending.TryRemove(id, out var unsent))
                    unsent.Fail(TransportFailures.ShouldWrap(ex) ? TransportFailures.Threw(transport, method, arguments, ex) : ex);
            }
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            if (pending.Timer is { } timer) await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Settles the call a <c>response:&lt;id&gt;</c> payload answers. Returns <c>true</c> when the payload was a
    /// response (it must then not reach HMR), including one for an unknown id, which is dropped as in Vite.
    /// </summary>
    /// <param name="payload">A payload from the server.</param>
    public bool TryHandleResponse(HotPayload payload)
    {
        if (!ProtocolJson.TryReadInvoke(payload, out _, out var id, out var data) || !id.StartsWith(ResponsePrefix, StringComparison.Ordinal))
            return false;
        if (!_pending.TryRemove(id[ResponsePrefix.Length..], out var pending))
            return true;
        try
        {
            var result = ProtocolJson.ReadInvokeResult(data);
            if (result.Error is { } error) pending.Fail(new InvokeErrorException(pending.Method, error));
            else pending.Complete(result.Result);
        }
        catch (ProtocolException ex)
        {
            pending.Fail(TransportFailures.MalformedResponse(pending.Method, pending.Arguments, ex));
        }
        return true;
    }

    /// <summary>Fails every pending call with the exception <paramref name="failure"/> builds for it.</summary>
    /// <param name="failure">Builds the exception for one call.</param>
    public void FailAll(Func<PendingInvoke, Exception> failure)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
                pending.Fail(failure(pending));
        }
    }
}
