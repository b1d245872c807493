using System.Text.Json;

namespace Runner.Extensible.Transports;

/// <summary>
/// Fails a server call that takes longer than a fixed time, whatever the transport (Vite applies its timeout
/// only to calls emulated over messages; request/response transports have none of their own).
/// </summary>
internal sealed class InvokeTimeoutStep : IInvokeStep
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the step.</summary>
    /// <param name="timeout">The longest a call may take; positive.</param>
    /// <param name="timeProvider">The clock.</param>
    public InvokeTimeoutStep(TimeSpan timeout, TimeProvider timeProvider)
    {
        InvokeStepBuilderExtensions.ValidateTimeout(timeout);
        _timeout = timeout;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        var callerToken = context.CancellationToken;
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, timeout.Token);
        context.CancellationToken = linked.Token;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw new TransportException(
                $"invoke {InvokeDescription.Describe(context.Method, context.Arguments)} of runner \"{context.RunnerName}\" timed out after {(long)_timeout.TotalMilliseconds}ms "
                + "(invoke timeout step). The server did not answer in time; check that it is running, or raise the timeout given to AddInvokeTimeout.",
                new TimeoutException(ex.Message, ex));
        }
        finally
        {
            context.CancellationToken = callerToken;
        }
    }
}
