using System.Text.Json;

namespace Runner.Extensible.Transports;

/// <summary>One call emulated over messages that waits for its <c>response:&lt;id&gt;</c>.</summary>
internal sealed class PendingInvoke(string method, JsonElement arguments)
{
    private readonly TaskCompletionSource<JsonElement> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The server method.</summary>
    public string Method { get; } = method;

    /// <summary>The positional arguments (for error messages).</summary>
    public JsonElement Arguments { get; } = arguments;

    /// <summary>Completes with the server's result.</summary>
    public Task<JsonElement> Task => _completion.Task;

    /// <summary>The timeout timer, when one runs.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>Settles the call with a result.</summary>
    public void Complete(JsonElement result) => _completion.TrySetResult(result);

    /// <summary>Settles the call with an error.</summary>
    public void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <summary>Settles the call as cancelled.</summary>
    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
