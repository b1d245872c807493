using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// One runner built the way a user builds it (<c>services.AddModuleRunner(name, b =&gt; …)</c>, then
/// <see cref="IModuleRunnerProvider.GetRunnerAsync"/>), with the plugin wired by the fixture's seam and the other
/// slots by the kit, and the service provider it lives in. Every wait is bounded by the fixture's timeout.
/// </summary>
internal sealed class RunnerSession : IAsyncDisposable
{
    /// <summary>The name of the runners the kit builds.</summary>
    public const string RunnerName = "conformance";

    private RunnerSession(ServiceProvider services, IModuleRunner runner, CapturingLoggerFactory logs, TimeSpan timeout)
    {
        Services = services;
        Runner = runner;
        Logs = logs;
        Timeout = timeout;
    }

    public ServiceProvider Services { get; }

    public IModuleRunner Runner { get; }

    /// <summary>Everything logged through the container's <see cref="ILoggerFactory"/>.</summary>
    public CapturingLoggerFactory Logs { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Builds and starts a runner.</summary>
    /// <param name="fixture">The fixture (for its timeout).</param>
    /// <param name="configure">Wires the runner: the fixture's seam and the kit's slots.</param>
    /// <param name="services">Extra registrations made before the runner is configured.</param>
    public static async Task<RunnerSession> StartAsync(ConformanceFixture fixture, Action<IModuleRunnerBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        var logs = new CapturingLoggerFactory();
        collection.AddLogging();
        collection.AddSingleton<ILoggerFactory>(logs);
        services?.Invoke(collection);
        collection.AddModuleRunner(RunnerName, configure);
        var provider = collection.BuildServiceProvider();
        try
        {
            var runner = await Hang.Guard(
                provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync(RunnerName).AsTask(),
                fixture.OperationTimeout,
                $"Starting a runner with {fixture.PluginName}").ConfigureAwait(false);
            return new RunnerSession(provider, runner, logs, fixture.OperationTimeout);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Imports a module, failing when it takes longer than the fixture's timeout.</summary>
    public Task<IScriptObject> ImportAsync(string url) => Hang.Guard(Runner.ImportAsync(url), Timeout, $"Importing {url}");

    /// <summary>Waits for a task the plugin completes, failing when it takes longer than the fixture's timeout.</summary>
    public Task<T> WaitAsync<T>(Task<T> task, string what) => Hang.Guard(task, Timeout, what);

    /// <summary>Waits for a task the plugin completes, failing when it takes longer than the fixture's timeout.</summary>
    public Task WaitAsync(Task task, string what) => Hang.Guard(task, Timeout, what);

    public async ValueTask DisposeAsync()
    {
        // Disposing the container closes the runner (and with it the plugin's evaluator and transport).
        await Hang.Guard(Services.DisposeAsync().AsTask(), Timeout, "Closing the runner").ConfigureAwait(false);
    }
}
