using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible.Hosting;

namespace Runner.Extensible.Tests.Hosting;

/// <summary>
/// Discovery of <c>tests/Runner.Extensible.TestPlugin</c>, which this project builds but does not reference: its
/// output is copied to <c>plugins-under-test/</c> (with its own copy of the contracts assembly, as a plugin
/// build produces) and loaded from there.
/// </summary>
public sealed class PluginDiscoveryTests
{
    internal const string TestPluginName = "Runner.Extensible.TestPlugin";
    internal static readonly string PluginsFolder = Path.Combine(AppContext.BaseDirectory, "plugins-under-test");
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void The_test_plugin_is_not_referenced_by_the_tests()
    {
        File.Exists(Path.Combine(PluginsFolder, TestPluginName + ".dll")).ShouldBeTrue();
        File.Exists(Path.Combine(AppContext.BaseDirectory, TestPluginName + ".dll")).ShouldBeFalse();
        typeof(PluginDiscoveryTests).Assembly.GetReferencedAssemblies().ShouldNotContain(a => a.Name == TestPluginName);
    }

    [Fact]
    public async Task A_plugin_in_a_folder_configures_the_runner_through_the_public_methods()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.AddPluginsFromDirectory(PluginsFolder).UseTransport("FakeTransport", _ => new FakeTransport()));
        var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get(Options.DefaultName);
        await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync(Options.DefaultName, Token);

        options.Evaluator.ShouldNotBeNull().DisplayName.ShouldBe("TestPluginEvaluator");
        var components = activator.Created.ShouldHaveSingleItem().Components;
        components.Evaluator.GetType().FullName.ShouldBe("Runner.Extensible.TestPlugin.TinyEvaluator");
        components.InvokeSteps.ShouldHaveSingleItem().GetType().FullName.ShouldBe("Runner.Extensible.TestPlugin.TaggingStep");
    }

    [Fact]
    public void The_plugin_loads_in_its_own_context_and_shares_the_contracts_with_the_host()
    {
        var folder = PluginFolder.Load(PluginsFolder);

        var pluginAssembly = folder.Assemblies.ShouldHaveSingleItem();
        pluginAssembly.GetName().Name.ShouldBe(TestPluginName);
        AssemblyLoadContext.GetLoadContext(pluginAssembly).ShouldBeOfType<PluginLoadContext>();
        // The folder's own copy of the contracts is not loaded: the plugin binds to the host's.
        folder.SharedWithHost.Select(Path.GetFileName).ShouldContain("Runner.Extensible.Abstractions.dll");
        var pluginType = pluginAssembly.GetType("Runner.Extensible.TestPlugin.TestPlugin").ShouldNotBeNull();
        typeof(IModuleRunnerPlugin).IsAssignableFrom(pluginType).ShouldBeTrue();
        PluginFolder.Load(PluginsFolder).ShouldBeSameAs(folder);
    }

    [Fact]
    public void A_plugin_found_twice_configures_the_runner_once()
    {
        var (services, activator) = HostingTestServices.Create();
        var logs = services.AddCapturingLogs();
        var pluginAssembly = PluginFolder.Load(PluginsFolder).Assemblies.Single();
        services.AddModuleRunner(b => b
            .AddPluginsFromDirectory(PluginsFolder)
            .AddPluginsFromDirectory(PluginsFolder)
            .AddPluginsFrom(pluginAssembly, pluginAssembly)
            .UseTransport("FakeTransport", _ => new FakeTransport()));
        services.AddModuleRunner(b => b.AddPluginsFromDirectory(PluginsFolder));

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        activator.Created.ShouldHaveSingleItem().Components.InvokeSteps.ShouldHaveSingleItem();
        logs.Entries.Count(e => e.Message.StartsWith($"Module runner (default): plugin {TestPluginName} (evaluator) from ", StringComparison.Ordinal)
            && e.Message.EndsWith(" configured it", StringComparison.Ordinal)).ShouldBe(1);
        logs.Entries.Count(e => e.Level == LogLevel.Debug && e.Message.Contains($"plugin {TestPluginName} found again in ", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task Each_runner_gets_the_plugin_once()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.AddPluginsFromDirectory(PluginsFolder).AddPluginsFromDirectory(PluginsFolder).UseTransport("FakeTransport", _ => new FakeTransport()));
        services.AddModuleRunner("ssr", b => b.AddPluginsFromDirectory(PluginsFolder).UseTransport("FakeTransport", _ => new FakeTransport()));
        var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IModuleRunner>();
        await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync("ssr", Token);

        activator.Created.Count.ShouldBe(2);
        activator.Created.ShouldAllBe(r => r.Components.InvokeSteps.Count == 1);
    }

    [Fact]
    public void Plugins_compiled_into_a_given_assembly_are_found()
    {
        var (services, activator) = HostingTestServices.Create();
        services.AddModuleRunner(b => b.UseEvaluator("Fake", _ => new FakeEvaluator()).AddPluginsFrom(typeof(InAssemblyPlugin).Assembly));

        services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

        activator.Created.ShouldHaveSingleItem().Components.Transport.DisplayName.ShouldBe("in-assembly");
    }

    [Fact]
    public void Files_that_are_not_assemblies_are_skipped_and_logged()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rx-plugins-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            foreach (var file in Directory.GetFiles(PluginsFolder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            File.WriteAllBytes(Path.Combine(folder, "native-helper.dll"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3]);
            var (services, activator) = HostingTestServices.Create();
            var logs = services.AddCapturingLogs();
            services.AddModuleRunner(b => b.AddPluginsFromDirectory(folder).UseTransport("FakeTransport", _ => new FakeTransport()));

            services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

            activator.Created.ShouldHaveSingleItem().Components.Evaluator.GetType().Name.ShouldBe("TinyEvaluator");
            logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning
                && e.Message == $"Module runner (default): skipped {Path.Combine(folder, "native-helper.dll")} in plugin folder {folder}: not a .NET assembly");
            logs.Entries.ShouldContain(e => e.Level == LogLevel.Debug
                && e.Message == $"Module runner (default): {Path.Combine(folder, "Runner.Extensible.Abstractions.dll")} in plugin folder {folder} is an assembly the host already has; the host's copy is used");
        }
        finally
        {
            // The loaded plugin keeps its file open on some platforms; leave the folder to the temp cleaner then.
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public void A_folder_without_plugins_is_logged()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rx-empty-plugins-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var (services, _) = HostingTestServices.Create();
            var logs = services.AddCapturingLogs();
            services.AddModuleRunner(b => b.UseFakes().AddPluginsFromDirectory(folder));

            services.BuildServiceProvider().GetRequiredService<IModuleRunner>();

            logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message == $"Module runner (default): no plugin found in folder {folder}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_missing_folder_says_so()
    {
        var missing = Path.Combine(Path.GetTempPath(), "rx-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();

        var error = Should.Throw<DirectoryNotFoundException>(() => services.AddModuleRunner(b => b.AddPluginsFromDirectory(missing)));

        error.Message.ShouldBe($"The plugin folder '{missing}' does not exist: build or copy the plugins there, or pass the folder they are in to AddPluginsFromDirectory.");
    }

    [Fact]
    public async Task Host_start_logs_what_discovery_found_before_any_runner_is_created()
    {
        var (services, activator) = HostingTestServices.Create();
        var logs = services.AddCapturingLogs();
        services.AddModuleRunner("ssr", b => b.AddPluginsFromDirectory(PluginsFolder).UseTransport("FakeTransport", _ => new FakeTransport()));
        var hosted = services.BuildServiceProvider().GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single();

        await hosted.StartAsync(Token);

        activator.Created.ShouldBeEmpty();
        logs.Entries.ShouldContain(e => e.Message.StartsWith($"Module runner ssr: plugin {TestPluginName} (evaluator) from ", StringComparison.Ordinal));
    }
}
