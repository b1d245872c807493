using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Runner.Extensible.Hmr;
using Runner.Extensible.Hosting;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Tests.Hosting;

public sealed class ModuleRunnerBuilderTests
{
    [Fact]
    public void The_builder_is_a_handle_on_the_name_and_the_collection()
    {
        var services = new ServiceCollection();

        var defaultBuilder = services.AddModuleRunner(_ => { });
        var named = services.AddModuleRunner("ssr", _ => { });

        defaultBuilder.Name.ShouldBe(Options.DefaultName);
        named.Name.ShouldBe("ssr");
        named.Services.ShouldBeSameAs(services);
    }

    [Fact]
    public void A_later_Use_replaces_an_earlier_one()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner(b => b
            .UseEvaluator("First", _ => new FakeEvaluator())
            .UseTransport("FirstTransport", _ => new FakeTransport())
            .UseEvaluator("Second", _ => new OtherFakeEvaluator())
            .UseTransport("SecondTransport", _ => new FakeTransport("second")));

        var options = services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get(Options.DefaultName);

        options.Evaluator.ShouldNotBeNull().DisplayName.ShouldBe("Second");
        options.Transport.ShouldNotBeNull().DisplayName.ShouldBe("SecondTransport");
    }

    [Fact]
    public void Calling_a_Use_twice_changes_nothing()
    {
        var (once, onceActivator) = HostingTestServices.Create();
        once.AddModuleRunner(b => b.UseFakes());
        var (twice, twiceActivator) = HostingTestServices.Create();
        twice.AddModuleRunner(b => b.UseFakes().UseFakes());

        once.BuildServiceProvider().GetRequiredService<IModuleRunner>();
        twice.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        var a = onceActivator.Created.ShouldHaveSingleItem().Components;
        var b = twiceActivator.Created.ShouldHaveSingleItem().Components;
        (b.Evaluator.GetType(), b.Transport.DisplayName, b.InvokeSteps.Count).ShouldBe((a.Evaluator.GetType(), a.Transport.DisplayName, a.InvokeSteps.Count));
    }

    [Fact]
    public void Registration_is_idempotent()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner(b => b.UseFakes());
        services.AddModuleRunner(b => b.UseFakes());
        services.AddModuleRunner("ssr", b => b.UseFakes());
        services.AddModuleRunner("ssr", b => b.UseFakes());

        int Count<T>() => services.Count(d => d.ServiceType == typeof(T));
        Count<IHostedService>().ShouldBe(1);
        Count<IValidateOptions<ModuleRunnerOptions>>().ShouldBe(1);
        Count<IModuleRunnerProvider>().ShouldBe(1);
        Count<IModuleRunner>().ShouldBe(1);
        Count<ModuleRunnerRegistry>().ShouldBe(1);
        ModuleRunnerRegistry.GetOrAdd(services).RunnerNames.ShouldBe([Options.DefaultName, "ssr"]);
    }

    [Fact]
    public async Task Invoke_steps_keep_the_order_they_were_added_in_and_registered_steps_come_last()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddSingleton<IInvokeStep>(new NamedStep("registered"));
        services.AddModuleRunner(b => b.UseFakes()
            .AddInvokeStep(_ => new NamedStep("timeout"))
            .AddInvokeStep(_ => new NamedStep("logging")));
        services.AddModuleRunner(b => b.AddInvokeStep(_ => new NamedStep("retry")));

        await services.BuildServiceProvider().GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync(Options.DefaultName, TestContext.Current.CancellationToken);

        activator.Created.ShouldHaveSingleItem().Components.InvokeSteps.Cast<NamedStep>().Select(s => s.Name)
            .ShouldBe(["timeout", "logging", "retry", "registered"]);
    }

    [Fact]
    public async Task Named_runners_have_their_own_options()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseFakes().UseEvaluator("Default", _ => new FakeEvaluator()));
        services.AddModuleRunner("ssr", b => b.UseFakes().UseEvaluator("Ssr", _ => new OtherFakeEvaluator()).DisableHmr());
        var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>();

        monitor.Get(Options.DefaultName).Evaluator!.DisplayName.ShouldBe("Default");
        monitor.Get("ssr").Evaluator!.DisplayName.ShouldBe("Ssr");
        var ssr = await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", TestContext.Current.CancellationToken);
        var defaultRunner = provider.GetRequiredService<IModuleRunner>();

        ssr.Name.ShouldBe("ssr");
        ssr.ShouldNotBeSameAs(defaultRunner);
        ((FakeRunner)ssr).Components.ShouldSatisfyAllConditions(
            c => c.Evaluator.ShouldBeOfType<OtherFakeEvaluator>(),
            c => c.Hmr.ShouldBeFalse());
        ((FakeRunner)defaultRunner).Components.Hmr.ShouldBeTrue();
    }

    [Fact]
    public void Options_reach_the_runners_components()
    {
        var (services, activator) = HostingTestServices.Create();
        Func<string, string?> readFile = _ => null;
        Func<string, RetrievedSourceMap?> findMap = _ => null;
        services.AddModuleRunner(b => b.UseFakes().Configure(o =>
        {
            o.Hmr = false;
            o.SourceMaps = false;
            o.RetrieveFile.Add(readFile);
            o.RetrieveSourceMap.Add(findMap);
        }));

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        var components = activator.Created.ShouldHaveSingleItem().Components;
        components.Name.ShouldBe(Options.DefaultName);
        components.Hmr.ShouldBeFalse();
        components.SourceMaps.ShouldBeFalse();
        components.RetrieveFile.ShouldBe([readFile]);
        components.RetrieveSourceMap.ShouldBe([findMap]);
        components.TimeProvider.ShouldBe(TimeProvider.System);
    }

    [Fact]
    public void Empty_slots_fall_back_to_registered_services_and_filled_slots_win()
    {
        var (services, activator) = HostingTestServices.Create();
        var registeredLogger = new FakeHmrLogger();
        var registeredFactory = new FakeImportMetaFactory();
        var registeredInterceptor = new FakeSourceMapInterceptor();
        var time = new FixedTimeProvider();
        services.AddSingleton<IHmrLogger>(registeredLogger);
        services.AddSingleton<IImportMetaFactory>(registeredFactory);
        services.AddSingleton<ISourceMapInterceptor>(registeredInterceptor);
        services.AddSingleton<TimeProvider>(time);
        var ownLogger = new FakeHmrLogger();
        var ownInterceptor = new FakeSourceMapInterceptor();
        services.AddModuleRunner(b => b.UseFakes());
        services.AddModuleRunner("own", b => b.UseFakes().UseHmrLogger(_ => ownLogger).UseSourceMapInterceptor(_ => ownInterceptor));
        var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IModuleRunner>();
        provider.GetRequiredService<ModuleRunnerProvider>().GetRunner("own");

        var fallback = activator.Created[0].Components;
        fallback.HmrLogger.ShouldBeSameAs(registeredLogger);
        fallback.ImportMetaFactory.ShouldBeSameAs(registeredFactory);
        fallback.SourceMapInterceptorFactory.ShouldNotBeNull()(new Graph.EvaluatedModules()).ShouldBeSameAs(registeredInterceptor);
        fallback.TimeProvider.ShouldBeSameAs(time);
        var own = activator.Created[1].Components;
        own.HmrLogger.ShouldBeSameAs(ownLogger);
        own.SourceMapInterceptorFactory.ShouldNotBeNull()(new Graph.EvaluatedModules()).ShouldBeSameAs(ownInterceptor);
    }

    [Fact]
    public void Without_registered_services_the_runner_keeps_its_own_defaults()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseFakes());

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        var components = activator.Created.ShouldHaveSingleItem().Components;
        components.HmrLogger.ShouldBeNull();
        components.ImportMetaFactory.ShouldBeNull();
        components.SourceMapInterceptorFactory.ShouldBeNull();
    }

    private sealed class FixedTimeProvider : TimeProvider;
}
