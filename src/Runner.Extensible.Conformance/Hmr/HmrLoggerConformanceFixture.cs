using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Hmr;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The fixture of <see cref="HmrLoggerConformanceTests{TFixture}"/>: wire the logger in
/// <see cref="ConformanceFixture.ConfigureRunner"/> as a user would, for example
/// <c>builder.UseHmrLogger(sp =&gt; new MyHmrLogger(…))</c> (or the plugin's own <c>Use*</c> method).
/// </summary>
/// <remarks>
/// The kit reads back what the logger wrote to check it. By default it reads what went through the container's
/// <see cref="ILoggerFactory"/> (the kit registers a capturing one), which covers loggers that write through
/// <c>ILogger</c>; a logger that writes elsewhere overrides <see cref="ReadBackOutput"/>, and one that cannot be
/// read back sets <see cref="CanReadBackOutput"/> to <c>false</c> (the tests that need it then skip).
/// </remarks>
public abstract class HmrLoggerConformanceFixture : ConformanceFixture
{
    /// <summary>Whether <see cref="ReadBackOutput"/> can show what the logger wrote. Default <c>true</c>.</summary>
    public virtual bool CanReadBackOutput => true;

    /// <summary>
    /// What the logger wrote so far, in order. Default: every entry of the container's <see cref="ILoggerFactory"/>
    /// (errors are entries at <see cref="LogLevel.Warning"/> or above).
    /// </summary>
    /// <param name="services">The container the logger was created from.</param>
    public virtual IReadOnlyList<HmrLogRecord> ReadBackOutput(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var logs = services.GetRequiredService<ILoggerFactory>() as CapturingLoggerFactory
            ?? throw new InvalidOperationException("The container's ILoggerFactory is not the kit's capturing one; override ReadBackOutput to read your logger's sink.");
        return logs.Entries.Select(e => new HmrLogRecord(e.Level >= LogLevel.Warning, e.Message, e.Exception)).ToArray();
    }

    /// <summary>Creates the logger the way a runner does: from the slot the seam filled, or the container's registration.</summary>
    internal IHmrLogger CreateLogger(Runtime.SeamOptions seam)
    {
        if (seam.Options.HmrLogger is { } factory)
            return factory(seam.Services) ?? throw new InvalidOperationException($"{PluginName}: the HMR logger slot's factory returned null.");
        return seam.Services.GetService<IHmrLogger>()
            ?? throw new InvalidOperationException(
                $"{PluginName}: ConfigureRunner left the HMR logger slot empty and registered no IHmrLogger; wire the logger with builder.UseHmrLogger(…) (or the plugin's Use* method).");
    }
}
