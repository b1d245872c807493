using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport;

/// <summary>
/// What the runner's transport slot holds once <c>UseTrafficLogging</c> wrapped it: the slot it wraps and the factory
/// of the wrapper. Its type marks the slot as wrapped, so wrapping twice changes nothing.
/// </summary>
internal sealed class TrafficLoggingSlot(PluginSlot<IModuleRunnerTransport>? wrapped, string runnerName)
{
    /// <summary>The logger category.</summary>
    public const string Category = "Company.RunnerTransport.Traffic";

    /// <summary>The slot's name in messages, such as <c>WebSocket (logged)</c>.</summary>
    public string DisplayName => wrapped is null ? "logged (no transport to wrap)" : $"{wrapped.DisplayName} (logged)";

    /// <summary>Fills the slot: <paramref name="options"/>' transport wrapped, or one that says what is missing.</summary>
    public static void Wrap(ModuleRunnerOptions options, string runnerName)
    {
        if (options.Transport?.Factory.Target is TrafficLoggingSlot) return;
        var slot = new TrafficLoggingSlot(options.Transport, runnerName);
        options.Transport = new PluginSlot<IModuleRunnerTransport>(slot.DisplayName, slot.Create);
    }

    /// <summary>Creates the runner's transport: the wrapped slot's transport, logged.</summary>
    public IModuleRunnerTransport Create(IServiceProvider services)
    {
        var runner = runnerName.Length == 0 ? "the default runner" : $"runner '{runnerName}'";
        if (wrapped is null)
            throw new InvalidOperationException($"UseTrafficLogging() logs the transport of {runner}, but it has none; configure one as well, for example builder.UseWebSocket(…).UseTrafficLogging().");
        // Options first: invalid settings fail before the wrapped transport exists.
        var options = services.GetRequiredService<IOptionsMonitor<TrafficLoggingOptions>>().Get(runnerName);
        var inner = wrapped.Factory(services)
            ?? throw new InvalidOperationException($"The transport factory of {runner} ({wrapped.DisplayName}) returned null.");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(Category) ?? NullLogger.Instance;
        try
        {
            return LoggingTransport.Wrap(inner, options, logger);
        }
        catch
        {
            _ = inner.DisposeAsync().AsTask();
            throw;
        }
    }
}
