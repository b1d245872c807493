using Company.RunnerPlugin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the builder's namespace, so one `using Runner.Extensible;` shows every installed plugin.
namespace Runner.Extensible;

/// <summary>Adds members to the <c>import.meta</c> of a runner's modules.</summary>
public static class ImportMetaMembersBuilderExtensions
{
    /// <summary>Describes <c>import.meta</c> with this plugin's factory, with the members configured elsewhere (none by default).</summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseImportMetaMembers(this IModuleRunnerBuilder builder) =>
        builder.UseImportMetaMembers(static _ => { });

    /// <summary>Adds one member to every module's <c>import.meta</c>, such as <c>UseImportMetaMember("ssr", true)</c>.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="name">The member's name (a JavaScript identifier).</param>
    /// <param name="value">Its value (see <see cref="ImportMetaMembersOptions.Members"/>).</param>
    public static IModuleRunnerBuilder UseImportMetaMember(this IModuleRunnerBuilder builder, string name, object? value) =>
        builder.UseImportMetaMembers(o => o.Members[name] = value);

    /// <summary>Replaces the runner's import.meta factory with one that adds the configured members.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Adds members to the runner's <see cref="ImportMetaMembersOptions"/> (named after the runner).</param>
    /// <exception cref="InvalidOperationException">A member is invalid (the message names it and the fix).</exception>
    public static IModuleRunnerBuilder UseImportMetaMembers(this IModuleRunnerBuilder builder, Action<ImportMetaMembersOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        // Fail where the mistake is made, not when the runner first starts.
        var probe = new ImportMetaMembersOptions();
        configure(probe);
        probe.ThrowIfInvalid();

        var name = builder.Name;
        builder.Services.AddOptions<ImportMetaMembersOptions>(name).Configure(configure);
        // TryAdd*: calling UseImportMetaMembers twice registers nothing twice.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImportMetaMembersOptions>, ImportMetaMembersOptionsValidator>());
        return builder.UseImportMetaFactory(services =>
            new ImportMetaMembersFactory(services.GetRequiredService<IOptionsMonitor<ImportMetaMembersOptions>>().Get(name)));
    }
}
