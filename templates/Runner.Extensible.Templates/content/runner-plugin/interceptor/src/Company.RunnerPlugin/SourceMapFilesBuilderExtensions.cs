using Company.RunnerPlugin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the builder's namespace, so one `using Runner.Extensible;` shows every installed plugin.
namespace Runner.Extensible;

/// <summary>Maps a runner's script stacks through the source maps of script files.</summary>
public static class SourceMapFilesBuilderExtensions
{
    /// <summary>Maps script stacks through the source maps of script files, without rewriting paths.</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseSourceMapFiles(this IModuleRunnerBuilder builder) =>
        builder.UseSourceMapFiles(static _ => { });

    /// <summary>
    /// Replaces the runner's source-map interceptor (and turns source maps on) with one that maps frames through the
    /// source maps of script files and rewrites original paths as configured.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adjusts the runner's <see cref="SourceMapFilesOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A setting is invalid (the message names it and the fix).</exception>
    public static IModuleRunnerBuilder UseSourceMapFiles(this IModuleRunnerBuilder builder, Action<SourceMapFilesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new SourceMapFilesOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        var name = builder.Name;
        builder.Services.AddOptions<SourceMapFilesOptions>(name).Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SourceMapFilesOptions>, SourceMapFilesOptionsValidator>());
        return builder.UseSourceMapInterceptor(services =>
            new SourceMapFilesInterceptor(services.GetRequiredService<IOptionsMonitor<SourceMapFilesOptions>>().Get(name)));
    }
}
