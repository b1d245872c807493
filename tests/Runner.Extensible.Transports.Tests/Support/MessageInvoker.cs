using System.Collections.Concurrent;
using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>
/// Request/response over a duplex transport the way the core does it (which lives in another assembly): sends
/// <c>vite:invoke</c> with id <c>send:&lt;id&gt;</c>, settles the call when <c>response:&lt;id&gt;</c> arrives, and fails
/// pending calls at once when the transport reports a lost connection.
/// </summary>
internal sealed class MessageInvoker
{
    private readonly IDuplexTransport _transport;
    private readonly ConcurrentDictionary<string, (string Method, TaskCompletionSource<InvokeResult> Completion)> _pending = new();

    public MessageInvoker(IDuplexTransport transport, RecordingHandler handler)
    {
        _transport = transport;
        handler.Intercept = TryHandleResponse;
        handler.Disconnected = FailAll;
    }

    public int PendingCount => _pending.Count;

    /// <summary>Calls <paramref name="method"/>; the transport's <see cref="IDuplexTransport.InvokeTimeout"/> bounds the wait.</summary>
    public async Task<InvokeResult> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Guid.NewGuid().ToString("N")[..21];
        var completion = new TaskCompletionSource<InvokeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, completion);
        var request = new InvokeRequest(method, "send:" + id, ProtocolJson.ToElement(arguments));
        await _transport.SendAsync(request.ToPayload(), CancellationToken.None);
        try
        {
            return await completion.Task.WaitAsync(_transport.InvokeTimeout);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Calls <paramref name="method"/> and returns its <c>result</c>, failing the test on an error answer.</summary>
    public async Task<JsonElement> ResultOfAsync(string method, params object?[] arguments)
    {
        var answer = await InvokeAsync(method, arguments);
        answer.Error.ShouldBeNull($"{method} answered with an error: {answer.Error}");
        return answer.Result;
    }

    private bool TryHandleResponse(HotPayload payload)
    {
        if (!ProtocolJson.TryReadInvoke(payload, out _, out var id, out var data) || !id.StartsWith("response:", StringComparison.Ordinal))
            return false;
        if (_pending.TryRemove(id["response:".Length..], out var call))
            call.Completion.TrySetResult(ProtocolJson.ReadInvokeResult(data));
        return true;
    }

    private void FailAll(Exception? reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
                call.Completion.TrySetException(new TransportException($"transport was disconnected, cannot call \"{call.Method}\"", reason));
        }
    }
}
