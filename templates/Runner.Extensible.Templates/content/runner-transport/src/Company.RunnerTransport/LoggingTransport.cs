using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport;

/// <summary>
/// Wraps another transport: every call goes to it unchanged, and what passes is logged and counted. The wrapper
/// implements exactly the contracts the wrapped transport does (<see cref="IInvokeTransport"/>,
/// <see cref="IDuplexTransport"/> or both), because the runner decides from them how to talk to the server.
/// The wrapped transport is owned: it is disposed with the wrapper.
/// </summary>
internal abstract class LoggingTransport(IModuleRunnerTransport inner, TrafficLoggingOptions options, ILogger logger) : IModuleRunnerTransport
{
    private int _closedLogged;

    /// <summary>Wraps <paramref name="inner"/> in the logging transport with the same contracts.</summary>
    public static LoggingTransport Wrap(IModuleRunnerTransport inner, TrafficLoggingOptions options, ILogger logger) => inner switch
    {
        IDuplexTransport and IInvokeTransport => new LoggingDuplexInvokeTransport(inner, options, logger),
        IDuplexTransport => new LoggingDuplexTransport(inner, options, logger),
        IInvokeTransport => new LoggingInvokeTransport(inner, options, logger),
        _ => throw new InvalidOperationException(
            $"Transport \"{inner.DisplayName}\" ({inner.GetType().Name}) implements neither IInvokeTransport nor IDuplexTransport, so UseTrafficLogging cannot wrap it."),
    };

    /// <summary>The wrapped transport.</summary>
    public IModuleRunnerTransport Inner => inner;

    /// <summary>What went through this transport so far.</summary>
    public TrafficCounters Counters { get; } = new();

    /// <summary>The wrapped transport's name: errors keep naming the real connection.</summary>
    public string DisplayName => inner.DisplayName;

    protected TrafficLoggingOptions Options => options;

    protected ILogger Logger => logger;

    public async ValueTask DisposeAsync()
    {
        LogClosed();
        await inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Logs the totals once, when the connection is closed or the transport disposed, whichever comes first.</summary>
    protected void LogClosed()
    {
        if (Interlocked.Exchange(ref _closedLogged, 1) == 0)
            TrafficLog.Closed(logger, DisplayName, Counters.Sent, Counters.Received, Counters.Calls, Counters.FailedCalls);
    }

    /// <summary>Calls the wrapped transport's invoke, logging the call and its outcome.</summary>
    protected async Task<InvokeResult> InvokeThroughAsync(IInvokeTransport invoke, InvokeRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "threw";
        try
        {
            var result = await invoke.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
            outcome = result.IsError ? "server error" : "ok";
            return result;
        }
        finally
        {
            Counters.CountCall(failed: outcome != "ok");
            TrafficLog.Called(logger, options.MessageLevel, request.Name, DisplayName, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
        }
    }
}
