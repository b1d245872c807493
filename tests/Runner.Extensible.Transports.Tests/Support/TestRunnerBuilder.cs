using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>
/// A runner builder as the host provides one (name + services), so tests configure transports through the same public
/// <c>Use*</c> methods users call and create them through the runner's transport slot.
/// </summary>
internal sealed class TestRunnerBuilder : IModuleRunnerBuilder, IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private int _registrationsSeen = -1;

    public TestRunnerBuilder(string name = "transport-tests")
    {
        Name = name;
        Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }

    public string Name { get; }

    public IServiceCollection Services { get; } = new ServiceCollection();

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The runner's options, as the core reads them.</summary>
    public ModuleRunnerOptions RunnerOptions => Provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get(Name);

    /// <summary>Creates the transport in the runner's transport slot.</summary>
    public T CreateTransport<T>() where T : class, IModuleRunnerTransport
    {
        var slot = RunnerOptions.Transport.ShouldNotBeNull("a Use* call should fill the transport slot");
        return slot.Factory(Provider).ShouldBeAssignableTo<T>()!;
    }

    /// <summary>
    /// A provider over the registrations so far. A host builds it once, after configuring; tests interleave, so a
    /// registration made after the last build gets a fresh provider (options instances are cached per provider).
    /// </summary>
    private ServiceProvider Provider
    {
        get
        {
            if (_registrationsSeen != Services.Count)
            {
                _providers.Add(Services.BuildServiceProvider());
                _registrationsSeen = Services.Count;
            }
            return _providers[^1];
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
    }
}

/// <summary>Lets a test chain <c>builder.UseX(…).CreateTransport&lt;T&gt;()</c>.</summary>
internal static class TestRunnerBuilderExtensions
{
    public static T CreateTransport<T>(this IModuleRunnerBuilder builder) where T : class, IModuleRunnerTransport =>
        ((TestRunnerBuilder)builder).CreateTransport<T>();
}
