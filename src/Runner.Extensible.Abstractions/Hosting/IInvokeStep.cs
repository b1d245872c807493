using System.Text.Json;

namespace Runner.Extensible;

/// <summary>Continues an invoke pipeline: the next step, or the transport.</summary>
/// <param name="context">The call.</param>
/// <returns>The server's <c>result</c>.</returns>
public delegate ValueTask<JsonElement> InvokeHandler(InvokeContext context);

/// <summary>
/// One step of the pipeline every server call (<c>fetchModule</c>, <c>getBuiltins</c>, custom methods)
/// goes through: timeouts, logging, retries, metrics. Steps run in the order they were added, outermost first.
/// </summary>
public interface IInvokeStep
{
    /// <summary>Handles a call, usually by calling <paramref name="next"/>.</summary>
    /// <param name="context">The call.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>The server's <c>result</c>.</returns>
    /// <exception cref="Protocol.InvokeErrorException">The server answered with an error.</exception>
    ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next);
}

/// <summary>One server call travelling through the invoke pipeline.</summary>
public sealed class InvokeContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="runnerName">The runner making the call.</param>
    /// <param name="method">The server method.</param>
    /// <param name="arguments">The positional arguments, a JSON array.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public InvokeContext(string runnerName, string method, JsonElement arguments, CancellationToken cancellationToken)
    {
        RunnerName = runnerName;
        Method = method;
        Arguments = arguments;
        CancellationToken = cancellationToken;
    }

    /// <summary>The runner making the call.</summary>
    public string RunnerName { get; }

    /// <summary>The server method, for example <c>fetchModule</c>.</summary>
    public string Method { get; }

    /// <summary>The positional arguments, a JSON array. A step may replace them.</summary>
    public JsonElement Arguments { get; set; }

    /// <summary>Cancels the call. A step may replace it (for example to add a timeout).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>State steps share for this call.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();
}
