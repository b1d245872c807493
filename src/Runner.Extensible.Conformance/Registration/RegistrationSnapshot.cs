using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runner.Extensible.Conformance.Runtime;

namespace Runner.Extensible.Conformance;

/// <summary>
/// What a configuration leaves behind: the runner's options (which slots are filled, by what display name; how many
/// ordered steps and handlers) and the services registered, other than the options-configuration actions every
/// <c>Use*</c> call adds by design (a later call replaces an earlier one's effect).
/// </summary>
internal sealed record RegistrationSnapshot(IReadOnlyList<string> Options, IReadOnlyList<string> Services)
{
    /// <summary>Registers runners in a fresh collection with <paramref name="configure"/> and describes runner <paramref name="runnerName"/>.</summary>
    public static RegistrationSnapshot Of(Action<IServiceCollection> configure, string runnerName = RunnerSession.RunnerName)
    {
        var services = new ServiceCollection();
        configure(services);
        using var provider = services.BuildServiceProvider();
        var options = new OptionsFactory<ModuleRunnerOptions>(
            provider.GetServices<IConfigureOptions<ModuleRunnerOptions>>(),
            provider.GetServices<IPostConfigureOptions<ModuleRunnerOptions>>()).Create(runnerName);
        return new RegistrationSnapshot(Describe(options), Describe(services));
    }

    /// <summary>The description of options no plugin touched.</summary>
    public static IReadOnlyList<string> Untouched { get; } = Describe(new ModuleRunnerOptions());

    private static IReadOnlyList<string> Describe(ModuleRunnerOptions options) =>
    [
        $"evaluator slot: {options.Evaluator?.DisplayName ?? "(empty)"}",
        $"transport slot: {options.Transport?.DisplayName ?? "(empty)"}",
        $"hmr: {options.Hmr}",
        $"hmr logger slot: {(options.HmrLogger is null ? "(empty)" : "filled")}",
        $"import.meta factory slot: {(options.ImportMetaFactory is null ? "(empty)" : "filled")}",
        $"source maps: {options.SourceMaps}",
        $"source-map interceptor slot: {(options.SourceMapInterceptor is null ? "(empty)" : "filled")}",
        $"invoke steps: {options.InvokeSteps.Count}",
        $"retrieveFile handlers: {options.RetrieveFile.Count}",
        $"retrieveSourceMap handlers: {options.RetrieveSourceMap.Count}",
    ];

    private static IReadOnlyList<string> Describe(IServiceCollection services) =>
        services.Where(d => !IsOptionsConfiguration(d.ServiceType))
            .Select(d => $"{Name(d.ServiceType)}{(d.IsKeyedService ? $" [key {d.ServiceKey}]" : "")} → {Implementation(d)} ({d.Lifetime})")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();

    private static bool IsOptionsConfiguration(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IConfigureOptions<>) || definition == typeof(IPostConfigureOptions<>) || definition == typeof(IOptionsChangeTokenSource<>));

    private static string Implementation(ServiceDescriptor d) =>
        d.IsKeyedService
            ? d.KeyedImplementationType is { } keyedType ? Name(keyedType) : d.KeyedImplementationInstance is { } keyedInstance ? "instance of " + Name(keyedInstance.GetType()) : "factory"
            : d.ImplementationType is { } type ? Name(type) : d.ImplementationInstance is { } instance ? "instance of " + Name(instance.GetType()) : "factory";

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;
}
