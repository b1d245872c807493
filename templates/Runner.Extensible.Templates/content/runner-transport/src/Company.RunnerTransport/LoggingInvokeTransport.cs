using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport;

/// <summary>The logging wrapper of a request/response-only transport.</summary>
internal sealed class LoggingInvokeTransport(IModuleRunnerTransport inner, TrafficLoggingOptions options, ILogger logger)
    : LoggingTransport(inner, options, logger), IInvokeTransport
{
    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
        InvokeThroughAsync((IInvokeTransport)Inner, request, cancellationToken);
}
