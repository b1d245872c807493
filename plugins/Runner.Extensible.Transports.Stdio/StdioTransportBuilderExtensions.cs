using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runner.Extensible.Transports;
using Runner.Extensible.Transports.Stdio;

namespace Runner.Extensible;

/// <summary>
/// <c>UseStdio(…)</c>: the runner starts Vite itself, as a <c>node</c> child process running the Vite plugin's
/// stdio host, and talks to it over stdin/stdout. Fills the runner's transport slot (a later <c>Use*</c> transport call
/// replaces it). Settings live in the runner's named <see cref="StdioTransportOptions"/>, validated when the runner is
/// created.
/// </summary>
public static class StdioTransportBuilderExtensions
{
    /// <summary>The transport's name in the runner's slot and in messages.</summary>
    public const string DisplayName = "stdio";

    /// <summary>
    /// Uses the stdio transport with the runner's named <see cref="StdioTransportOptions"/> as configured elsewhere (for
    /// example bound from configuration); with nothing configured, Vite starts in the current directory.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseStdio(this IModuleRunnerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StdioTransportOptions>, StdioTransportOptionsValidator>());
        var name = builder.Name;
        return builder.UseTransport(DisplayName, services =>
            StdioTransport.Create(services.GetRequiredService<IOptionsMonitor<StdioTransportOptions>>().Get(name), services));
    }

    /// <summary>Uses the stdio transport, configuring its options.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Changes the options (applied after earlier configuration of this runner's options).</param>
    /// <example><code>builder.UseStdio(o => { o.Root = "ClientApp"; o.Mode = "development"; o.LogLevel = "warn"; });</code></example>
    public static IModuleRunnerBuilder UseStdio(this IModuleRunnerBuilder builder, Action<StdioTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder.UseStdio();
    }

    /// <summary>Uses the stdio transport, starting Vite in the project at <paramref name="root"/>.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="root">The Vite project root, absolute or relative to the current directory.</param>
    /// <exception cref="ArgumentException"><paramref name="root"/> is blank.</exception>
    public static IModuleRunnerBuilder UseStdio(this IModuleRunnerBuilder builder, string root)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        return builder.UseStdio(o => o.Root = full);
    }
}
