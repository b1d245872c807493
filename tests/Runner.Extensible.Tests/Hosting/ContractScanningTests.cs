using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.Hosting;

namespace Runner.Extensible.Tests.Hosting;

/// <summary>Scrutor scanning of the separately compiled test plugin, which implements an evaluator, a step and an HMR logger (all internal).</summary>
public sealed class ContractScanningTests
{
    private static readonly Assembly PluginAssembly = PluginFolder.Load(PluginDiscoveryTests.PluginsFolder).Assemblies.Single();

    private static string?[] Implementations<T>(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(T)).Select(d => d.ImplementationType?.Name ?? d.ImplementationInstance?.GetType().Name).ToArray();

    [Fact]
    public void Scanning_registers_the_implementations_of_the_contracts()
    {
        var services = new ServiceCollection();

        services.AddModuleRunner(b => b.ScanForContractImplementations(PluginAssembly));

        Implementations<IHmrLogger>(services).ShouldBe(["PluginHmrLogger"]);
        Implementations<IInvokeStep>(services).ShouldBe(["TaggingStep"]);
        Implementations<IModuleEvaluator>(services).ShouldBe(["TinyEvaluator"]);
        services.Single(d => d.ServiceType == typeof(IHmrLogger)).Lifetime.ShouldBe(ServiceLifetime.Singleton);
        services.Single(d => d.ServiceType == typeof(IModuleEvaluator)).Lifetime.ShouldBe(ServiceLifetime.Transient);
    }

    [Fact]
    public void Explicit_registrations_made_before_the_scan_are_not_overridden()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHmrLogger, FakeHmrLogger>();
        services.AddSingleton<IInvokeStep>(new NamedStep("explicit"));
        services.AddTransient<IModuleEvaluator, FakeEvaluator>();

        services.AddModuleRunner(b => b.ScanForContractImplementations(PluginAssembly));

        Implementations<IHmrLogger>(services).ShouldBe(["FakeHmrLogger"]);
        Implementations<IInvokeStep>(services).ShouldBe(["NamedStep"]);
        Implementations<IModuleEvaluator>(services).ShouldBe(["FakeEvaluator"]);
    }

    [Fact]
    public void Explicit_registrations_made_after_the_scan_win()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.ScanForContractImplementations(PluginAssembly).UseTransport("FakeTransport", _ => new FakeTransport()));
        var logger = new FakeHmrLogger();
        services.AddSingleton<IHmrLogger>(logger);
        services.AddTransient<IModuleEvaluator, OtherFakeEvaluator>();

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        var components = activator.Created.ShouldHaveSingleItem().Components;
        components.HmrLogger.ShouldBeSameAs(logger);
        components.Evaluator.ShouldBeOfType<OtherFakeEvaluator>();
    }

    [Fact]
    public void Scanning_twice_registers_nothing_new()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner(b => b.ScanForContractImplementations(PluginAssembly));
        var count = services.Count;

        services.AddModuleRunner("ssr", b => b.ScanForContractImplementations(PluginAssembly, PluginAssembly));

        services.Count.ShouldBe(count);
    }

    [Fact]
    public void A_runner_with_empty_slots_uses_what_the_scan_registered()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.ScanForContractImplementations(PluginAssembly).UseTransport("FakeTransport", _ => new FakeTransport()).AddInvokeStep(_ => new NamedStep("own")));

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        var components = activator.Created.ShouldHaveSingleItem().Components;
        components.Evaluator.GetType().Name.ShouldBe("TinyEvaluator");
        components.HmrLogger.ShouldNotBeNull().GetType().Name.ShouldBe("PluginHmrLogger");
        components.InvokeSteps.Select(s => s.GetType().Name).ShouldBe(["NamedStep", "TaggingStep"]);
    }

    [Fact]
    public void Two_scanned_evaluators_are_reported_rather_than_one_silently_winning()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.ScanForContractImplementations(PluginAssembly, typeof(FakeEvaluator).Assembly).UseTransport("FakeTransport", _ => new FakeTransport()));

        var error = Should.Throw<InvalidOperationException>(() => services.BuildServiceProvider().GetRequiredService<IModuleRunner>());

        error.Message.ShouldStartWith("The default module runner has no evaluator chosen and the service collection holds ");
    }
}
