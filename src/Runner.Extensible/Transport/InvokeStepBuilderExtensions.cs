using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

/// <summary>The invoke steps the core ships: a timeout and logging. Steps run in the order they are added, outermost first.</summary>
public static class InvokeStepBuilderExtensions
{
    /// <summary>
    /// Fails any server call (<c>fetchModule</c>, <c>getBuiltins</c>, …) that takes longer than
    /// <paramref name="timeout"/> with a <see cref="TransportException"/> naming the call. Unlike a duplex
    /// transport's own <see cref="IDuplexTransport.InvokeTimeout"/>, it also bounds request/response transports.
    /// Uses the <see cref="TimeProvider"/> registered in the container, if any.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="timeout">The longest a call may take; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero, negative or infinite.</exception>
    public static IModuleRunnerBuilder AddInvokeTimeout(this IModuleRunnerBuilder builder, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ValidateTimeout(timeout);
        return builder.AddInvokeStep(sp => new InvokeTimeoutStep(timeout, sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    /// <summary>
    /// Logs every server call at <see cref="LogLevel.Debug"/> (the method, the url for <c>fetchModule</c>, the
    /// duration) and failures at <see cref="LogLevel.Warning"/>, under the category <c>Runner.Extensible.Invoke</c>.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder AddInvokeLogging(this IModuleRunnerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddInvokeStep(sp => new InvokeLoggingStep(
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(InvokeLoggingStep.Category),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    internal static void ValidateTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An invoke timeout must be a positive, finite duration; to have no timeout, do not add the step.");
    }
}
