using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Runner.Extensible.Evaluation;

namespace Runner.Extensible.Tests.Hosting;

public sealed class ModuleRunnerValidationTests
{
    private const string NoEvaluator =
        "The default module runner has no evaluator: call b.UseV8() or another evaluator plugin's Use* method in services.AddModuleRunner(b => …), or register one IModuleEvaluator in the service collection.";

    private const string NoTransport =
        "The default module runner has no transport: call b.UseWebSocket(…) or another transport plugin's Use* method in services.AddModuleRunner(b => …).";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void No_evaluator_names_the_fix()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseTransport("FakeTransport", _ => new FakeTransport()));

        var error = Should.Throw<InvalidOperationException>(() => services.BuildServiceProvider().GetRequiredService<IModuleRunner>());

        error.Message.ShouldBe(NoEvaluator);
        error.InnerException.ShouldBeOfType<OptionsValidationException>();
    }

    [Fact]
    public async Task No_transport_names_the_fix_for_a_named_runner()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddModuleRunner("ssr", b => b.UseEvaluator("Fake", _ => new FakeEvaluator()));

        var error = await Should.ThrowAsync<InvalidOperationException>(
            services.BuildServiceProvider().GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", Token).AsTask());

        error.Message.ShouldBe("Module runner \"ssr\" has no transport: call b.UseWebSocket(…) or another transport plugin's Use* method in services.AddModuleRunner(\"ssr\", b => …).");
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddModuleRunner(_ => { });

        var error = Should.Throw<InvalidOperationException>(() => services.BuildServiceProvider().GetRequiredService<IModuleRunner>());

        error.Message.ShouldBe(NoEvaluator + Environment.NewLine + NoTransport);
    }

    [Fact]
    public void Two_registered_evaluators_and_an_empty_slot_is_ambiguous()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddTransient<IModuleEvaluator, FakeEvaluator>();
        services.AddTransient<IModuleEvaluator, OtherFakeEvaluator>();
        services.AddModuleRunner(b => b.UseTransport("FakeTransport", _ => new FakeTransport()));

        var error = Should.Throw<InvalidOperationException>(() => services.BuildServiceProvider().GetRequiredService<IModuleRunner>());

        error.Message.ShouldBe(
            "The default module runner has no evaluator chosen and the service collection holds 2 IModuleEvaluator registrations (FakeEvaluator, OtherFakeEvaluator): " +
            "call b.UseV8() or another evaluator plugin's Use* method in services.AddModuleRunner(b => …) to choose one, or register only one.");
    }

    [Fact]
    public void A_filled_slot_settles_the_ambiguity()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddTransient<IModuleEvaluator, FakeEvaluator>();
        services.AddTransient<IModuleEvaluator, OtherFakeEvaluator>();
        services.AddModuleRunner(b => b.UseFakes().UseEvaluator("Chosen", _ => new OtherFakeEvaluator()));

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        activator.Created.ShouldHaveSingleItem().Components.Evaluator.ShouldBeOfType<OtherFakeEvaluator>();
    }

    [Fact]
    public async Task The_one_registered_evaluator_is_used_and_each_runner_gets_its_own_instance()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddSingleton<IModuleEvaluator, OtherFakeEvaluator>();
        services.AddModuleRunner(b => b.UseTransport("FakeTransport", _ => new FakeTransport()));
        services.AddModuleRunner("ssr", b => b.UseTransport("FakeTransport", _ => new FakeTransport()));
        var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IModuleRunner>();
        await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", Token);

        activator.Created.Count.ShouldBe(2);
        activator.Created[0].Components.Evaluator.ShouldBeOfType<OtherFakeEvaluator>();
        activator.Created[1].Components.Evaluator.ShouldBeOfType<OtherFakeEvaluator>();
        activator.Created[0].Components.Evaluator.ShouldNotBeSameAs(activator.Created[1].Components.Evaluator);
    }

    [Fact]
    public async Task Host_start_validates_every_runner_and_reports_all_failures()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseTransport("FakeTransport", _ => new FakeTransport()));
        services.AddModuleRunner("ssr", b => b.UseEvaluator("Fake", _ => new FakeEvaluator()));
        services.AddModuleRunner("ok", b => b.UseFakes());
        var hosted = services.BuildServiceProvider().GetServices<IHostedService>().ShouldHaveSingleItem();

        var error = await Should.ThrowAsync<InvalidOperationException>(hosted.StartAsync(Token));

        error.Message.ShouldBe(NoEvaluator + Environment.NewLine +
            "Module runner \"ssr\" has no transport: call b.UseWebSocket(…) or another transport plugin's Use* method in services.AddModuleRunner(\"ssr\", b => …).");
        activator.Created.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_runner_name_lists_the_registered_ones()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseFakes());
        services.AddModuleRunner("ssr", b => b.UseFakes());
        var provider = services.BuildServiceProvider().GetRequiredService<IModuleRunnerProvider>();

        var error = await Should.ThrowAsync<InvalidOperationException>(provider.GetRunnerAsync("client", Token).AsTask());

        error.Message.ShouldBe("No module runner named \"client\" is registered: call services.AddModuleRunner(\"client\", b => …). Registered runners: (default), \"ssr\".");
    }

    [Fact]
    public async Task Asking_for_the_default_runner_when_only_named_ones_exist_says_how_to_add_it()
    {
        var (services, _) = HostingTestServices.Create();
        services.AddModuleRunner("ssr", b => b.UseFakes());
        var provider = services.BuildServiceProvider();

        provider.GetService<IModuleRunner>().ShouldBeNull();
        var error = await Should.ThrowAsync<InvalidOperationException>(
            provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync(Options.DefaultName, Token).AsTask());
        error.Message.ShouldBe("No default module runner is registered: call services.AddModuleRunner(b => …). Registered runners: \"ssr\".");
    }

    [Fact]
    public void A_factory_that_returns_null_is_named_and_what_was_created_is_disposed()
    {
        var (services, _) = HostingTestServices.Create();
        var evaluator = new FakeEvaluator();
        services.AddModuleRunner(b => b.UseEvaluator("Fake", _ => evaluator).UseTransport("Broken", _ => null!));

        var error = Should.Throw<InvalidOperationException>(() => services.BuildServiceProvider().GetRequiredService<IModuleRunner>());

        error.Message.ShouldBe("The default module runner: the transport factory of Broken returned null; a Use* method's factory must create an instance.");
        evaluator.DisposeCount.ShouldBe(1);
    }
}
