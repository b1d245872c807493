using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible.Hosting;

namespace Runner.Extensible.Tests.Hosting;

public sealed class ModuleRunnerProviderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_runner_is_a_singleton_shared_by_IModuleRunner_and_the_provider()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseFakes());
        var provider = services.BuildServiceProvider();

        var resolved = provider.GetRequiredService<IModuleRunner>();
        var again = provider.GetRequiredService<IModuleRunner>();
        var fromProvider = await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync(Options.DefaultName, Token);

        again.ShouldBeSameAs(resolved);
        fromProvider.ShouldBeSameAs(resolved);
        activator.Created.ShouldHaveSingleItem();
        ((FakeRunner)resolved).StartCount.ShouldBe(1); // resolving does not start; GetRunnerAsync does
    }

    [Fact]
    public async Task A_named_runner_is_created_once_and_started_on_every_request()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner("ssr", b => b.UseFakes());
        var provider = services.BuildServiceProvider().GetRequiredService<IModuleRunnerProvider>();

        var first = await provider.GetRunnerAsync("ssr", Token);
        var second = await provider.GetRunnerAsync("ssr", Token);

        second.ShouldBeSameAs(first);
        activator.Created.ShouldHaveSingleItem();
        ((FakeRunner)first).StartCount.ShouldBe(2); // the runner's StartAsync is idempotent; the provider does not cache starts
    }

    [Fact]
    public async Task Concurrent_first_requests_create_one_runner()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner("ssr", b => b.UseFakes());
        var provider = services.BuildServiceProvider().GetRequiredService<IModuleRunnerProvider>();

        var runners = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => provider.GetRunnerAsync("ssr", Token).AsTask(), Token)));

        runners.Distinct().ShouldHaveSingleItem();
        activator.Created.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Host_start_starts_only_the_runners_that_asked_for_it()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseFakes());
        services.AddModuleRunner("eager", b => b.UseFakes().StartWithHost());
        services.AddModuleRunner("lazy", b => b.UseFakes());
        var hosted = services.BuildServiceProvider().GetServices<IHostedService>().ShouldHaveSingleItem();

        await hosted.StartAsync(Token);
        await hosted.StopAsync(Token);

        var started = activator.Created.ShouldHaveSingleItem();
        started.Name.ShouldBe("eager");
        started.StartCount.ShouldBe(1);
    }

    [Fact]
    public async Task Runners_are_disposed_once_with_the_container()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseFakes());
        services.AddModuleRunner("ssr", b => b.UseFakes());
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IModuleRunner>();
        var runners = provider.GetRequiredService<IModuleRunnerProvider>();
        await runners.GetRunnerAsync("ssr", Token);

        await provider.DisposeAsync();

        activator.Created.Count.ShouldBe(2);
        activator.Created.ShouldAllBe(r => r.DisposeCount == 1);
        await Should.ThrowAsync<ObjectDisposedException>(runners.GetRunnerAsync("ssr", Token).AsTask());
    }

    [Fact]
    public async Task A_runner_that_fails_to_dispose_is_logged_and_the_others_are_still_disposed()
    {
        var (services, activator) = HostingTestServices.Create();
        var logs = services.AddCapturingLogs();
        services.AddModuleRunner("broken", b => b.UseFakes());
        services.AddModuleRunner("fine", b => b.UseFakes());
        var provider = services.BuildServiceProvider();
        var runners = provider.GetRequiredService<IModuleRunnerProvider>();
        var broken = (FakeRunner)await runners.GetRunnerAsync("broken", Token);
        var fine = (FakeRunner)await runners.GetRunnerAsync("fine", Token);
        broken.DisposeError = new InvalidOperationException("transport stuck");

        await provider.DisposeAsync();

        fine.DisposeCount.ShouldBe(1);
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Message == "Module runner broken failed to dispose");
    }

    [Fact]
    public async Task Creating_a_runner_is_logged()
    {
        var (services, _) = HostingTestServices.Create();
        var logs = services.AddCapturingLogs();
        services.AddModuleRunner("ssr", b => b.UseFakes());

        await services.BuildServiceProvider().GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", Token);

        logs.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Category == HostingLog.Category
            && e.Message == "Module runner ssr created: evaluator Fake, transport fake transport");
    }

    [Fact]
    public void Without_a_replacement_the_real_ModuleRunner_is_constructed()
    {
        var services = new ServiceCollection();
        var transport = new FakeTransport();
        services.AddModuleRunner(b => b.UseFakes().UseTransport("Fake", _ => transport));

        // Only the constructor is relied on here: the runner itself is built and tested elsewhere.
        var runner = services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        runner.ShouldBeOfType<ModuleRunner>();
        runner.Name.ShouldBe(Options.DefaultName);
    }
}
