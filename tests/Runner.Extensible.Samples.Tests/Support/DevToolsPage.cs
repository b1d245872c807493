using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runner.Extensible.Samples.Tests.Support;

/// <summary>One browser page over the DevTools protocol: commands by id, answers matched by id, events ignored.</summary>
internal sealed class DevToolsPage : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _receiving;
    private int _lastId;

    private DevToolsPage(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveAsync();
    }

    public static async Task<DevToolsPage> ConnectAsync(Uri url)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(url, CancellationToken.None);
        return new DevToolsPage(socket);
    }

    /// <summary>Sends a command and returns its <c>result</c>; a protocol error throws.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
        JsonElement response;
        try
        {
            response = await answer.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"Chromium did not answer {method} {message["params"]!.ToJsonString()}.", e);
        }
        if (response.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method} failed: {error}");
        return response.GetProperty("result");
    }

    /// <summary>Navigates (returns when the navigation is committed, not when the page has loaded).</summary>
    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new { url = url.ToString() });

    /// <summary>Evaluates an expression in the page and returns its JSON value; throws if it threw.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var exception)) throw new InvalidOperationException($"{expression} threw: {exception}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> until it yields a string equal to <paramref name="expected"/> (a page that is
    /// still loading, or reloading, is simply asked again); returns the last value seen either way.
    /// </summary>
    public async Task<string?> WaitForAsync(string expression, string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            try
            {
                var value = await EvaluateAsync(expression);
                last = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind.ToString();
                if (last == expected) return last;
            }
            catch (InvalidOperationException e)
            {
                // Between documents there is no execution context for a moment.
                last = e.Message;
            }
            if (DateTime.UtcNow > deadline) return last;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or InvalidOperationException)
        {
        }
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        Exception ended = new WebSocketException("The DevTools connection closed.");
        try
        {
            while (!_closing.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                using (var document = JsonDocument.Parse(message.ToArray()))
                {
                    if (document.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var answer))
                        answer.TrySetResult(document.RootElement.Clone());
                }
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Commands waiting for an answer fail with the reason rather than time out.
            ended = e;
        }
        foreach (var answer in _pending.Values) answer.TrySetException(ended);
    }
}
