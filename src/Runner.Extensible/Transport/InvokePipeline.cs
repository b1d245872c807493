using System.Text.Json;

namespace Runner.Extensible.Transports;

/// <summary>
/// The ordered steps every server call goes through, composed once, outermost first, around the transport
/// call (Polly-style: each step gets the context and the rest of the pipeline).
/// </summary>
internal sealed class InvokePipeline
{
    private readonly string _runnerName;
    private readonly InvokeHandler _handler;

    /// <summary>Composes the pipeline.</summary>
    /// <param name="runnerName">Recorded on every call's context.</param>
    /// <param name="steps">The steps, outermost first.</param>
    /// <param name="terminal">The transport call.</param>
    public InvokePipeline(string runnerName, IReadOnlyList<IInvokeStep> steps, InvokeHandler terminal)
    {
        _runnerName = runnerName;
        var handler = terminal;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i] ?? throw new ArgumentException($"Invoke step #{i} of runner \"{runnerName}\" is null.", nameof(steps));
            var next = handler;
            handler = context => step.InvokeAsync(context, next);
        }
        _handler = handler;
    }

    /// <summary>Calls a server method through every step.</summary>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments, a JSON array.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    public async Task<JsonElement> InvokeAsync(string method, JsonElement arguments, CancellationToken cancellationToken) =>
        await _handler(new InvokeContext(_runnerName, method, arguments, cancellationToken)).ConfigureAwait(false);
}
