using Company.RunnerPlugin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the builder's namespace, so one `using Runner.Extensible;` shows every installed plugin.
namespace Runner.Extensible;

/// <summary>Writes a runner's HMR messages to a JSON Lines file.</summary>
public static class JsonLinesHmrLogBuilderExtensions
{
    /// <summary>Writes the runner's HMR messages to <c>hmr.jsonl</c> in the working directory (or where configuration says).</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseJsonLinesHmrLog(this IModuleRunnerBuilder builder) =>
        builder.UseJsonLinesHmrLog(static _ => { });

    /// <summary>Writes the runner's HMR messages to the file <paramref name="path"/>.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="path">The log file.</param>
    public static IModuleRunnerBuilder UseJsonLinesHmrLog(this IModuleRunnerBuilder builder, string path) =>
        builder.UseJsonLinesHmrLog(o => o.Path = path);

    /// <summary>Writes the runner's HMR messages to a JSON Lines file, replacing the runner's HMR logger.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adjusts the runner's <see cref="JsonLinesHmrLogOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A setting is invalid (the message names it and the fix).</exception>
    public static IModuleRunnerBuilder UseJsonLinesHmrLog(this IModuleRunnerBuilder builder, Action<JsonLinesHmrLogOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new JsonLinesHmrLogOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        var name = builder.Name;
        builder.Services.AddOptions<JsonLinesHmrLogOptions>(name).Configure(configure);
        // TryAdd*: calling UseJsonLinesHmrLog twice registers nothing twice.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonLinesHmrLogOptions>, JsonLinesHmrLogOptionsValidator>());
        return builder.UseHmrLogger(services => new JsonLinesHmrLogger(
            services.GetRequiredService<IOptionsMonitor<JsonLinesHmrLogOptions>>().Get(name),
            name,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILogger<JsonLinesHmrLogger>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<JsonLinesHmrLogger>.Instance));
    }
}
