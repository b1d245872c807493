using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport;

/// <summary>The logging wrapper of a transport that has its own invoke and carries payloads both ways.</summary>
internal sealed class LoggingDuplexInvokeTransport(IModuleRunnerTransport inner, TrafficLoggingOptions options, ILogger logger)
    : LoggingDuplexTransport(inner, options, logger), IInvokeTransport
{
    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
        InvokeThroughAsync((IInvokeTransport)Inner, request, cancellationToken);
}
