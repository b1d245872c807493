using Microsoft.Extensions.DependencyInjection;

namespace Runner.Extensible;

/// <summary>Ties a runner to the host's lifetime.</summary>
public static class ModuleRunnerLifetimeBuilderExtensions
{
    /// <summary>Creates and starts the runner when the host starts (so a wrong server address fails the host start).</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder StartWithHost(this IModuleRunnerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ModuleRunnerHostingOptions>(builder.Name, static o => o.StartWithHost = true);
        return builder;
    }
}
