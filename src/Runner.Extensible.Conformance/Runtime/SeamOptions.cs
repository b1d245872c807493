using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible.Conformance.InMemory;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// A service collection with one runner registered through the fixture's seam only
/// (<c>services.AddModuleRunner(name, fixture.ConfigureRunner)</c>), and the runner's options as the seam left
/// them. The options are read without validation, so a suite can look at the one slot its plugin fills without
/// the runner's other slots being required.
/// </summary>
internal sealed class SeamOptions : IAsyncDisposable
{
    private SeamOptions(ServiceProvider services, ModuleRunnerOptions options, CapturingLoggerFactory logs)
    {
        Services = services;
        Options = options;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public ModuleRunnerOptions Options { get; }

    /// <summary>Everything logged through the container's <see cref="ILoggerFactory"/>.</summary>
    public CapturingLoggerFactory Logs { get; }

    /// <summary>Registers a runner through the seam (plus <paramref name="extra"/>) and reads its options.</summary>
    public static SeamOptions Build(ConformanceFixture fixture, Action<IModuleRunnerBuilder>? extra = null)
    {
        var collection = new ServiceCollection();
        var logs = new CapturingLoggerFactory();
        collection.AddLogging();
        collection.AddSingleton<ILoggerFactory>(logs);
        collection.AddModuleRunner(RunnerSession.RunnerName, builder =>
        {
            fixture.ConfigurePlugin(builder);
            extra?.Invoke(builder);
        });
        var provider = collection.BuildServiceProvider();
        var factory = new OptionsFactory<ModuleRunnerOptions>(
            provider.GetServices<IConfigureOptions<ModuleRunnerOptions>>(),
            provider.GetServices<IPostConfigureOptions<ModuleRunnerOptions>>());
        return new SeamOptions(provider, factory.Create(RunnerSession.RunnerName), logs);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
