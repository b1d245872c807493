using System.Composition;
using System.Composition.Hosting;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Runtime;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The registration and discovery suite every plugin inherits (guarantees <c>REG-*</c> of the kit's GUARANTEES.md):
/// repeated <c>Use*</c> calls change nothing, System.Composition finds the plugin in its assembly and discovery
/// configures exactly what the user's call configures, once.
/// Inherit it once with your fixture: <c>public sealed class MyPluginRegistration(MyFixture f) : PluginRegistrationConformanceTests&lt;MyFixture&gt;(f);</c>.
/// </summary>
/// <typeparam name="TFixture">The fixture naming the plugin and its user-facing call.</typeparam>
/// <param name="fixture">The shared fixture.</param>
public abstract class PluginRegistrationConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : PluginRegistrationFixture
{
    /// <summary>The fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <summary>REG-001: making the user's call twice leaves the same options and registers no service twice.</summary>
    [Fact, Guarantee("REG-001")]
    public virtual void REG001_repeated_use_calls_change_nothing()
    {
        var once = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, Fixture.ConfigurePlugin));
        var twice = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, b =>
        {
            Fixture.ConfigurePlugin(b);
            Fixture.ConfigurePlugin(b);
        }));
        twice.Options.ShouldBe(once.Options, $"calling {Fixture.PluginName}'s configuration twice leaves other options than calling it once");
        twice.Services.ShouldBe(once.Services, $"calling {Fixture.PluginName}'s configuration twice registers services twice (use TryAdd*)");
        once.Options.ShouldNotBe(RegistrationSnapshot.Untouched, $"{Fixture.PluginName}'s configuration fills no slot of the runner");
    }

    /// <summary>REG-002: System.Composition finds the plugin in its assembly, and discovery configures exactly what the user's call does.</summary>
    [Fact, Guarantee("REG-002")]
    public virtual void REG002_discovery_finds_the_plugin_and_configures_what_the_user_call_does()
    {
        var found = ExportedPlugins(Fixture.PluginType.Assembly);
        found.Select(p => p.Type).ShouldContain(Fixture.PluginType,
            $"System.Composition does not find {Fixture.PluginType.Name} in {Fixture.PluginType.Assembly.GetName().Name}; export it with [ModuleRunnerPlugin(\"<unique name>\")]");

        var byUser = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, Fixture.ConfigurePlugin));
        var byDiscovery = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, b => b.AddPluginsFrom(Fixture.PluginType.Assembly)));
        byDiscovery.Options.ShouldBe(byUser.Options, $"discovering {Fixture.PluginType.Assembly.GetName().Name} configures the runner differently from the user's call");
        byDiscovery.Services.ShouldBe(byUser.Services, $"discovering {Fixture.PluginType.Assembly.GetName().Name} registers other services than the user's call");
    }

    /// <summary>REG-003: discovering the plugin again, or after the user's own call, changes nothing.</summary>
    [Fact, Guarantee("REG-003")]
    public virtual void REG003_discovery_configures_once()
    {
        var assembly = Fixture.PluginType.Assembly;
        var once = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, b => b.AddPluginsFrom(assembly)));
        var repeated = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, b => b.AddPluginsFrom(assembly, assembly).AddPluginsFrom(assembly)));
        repeated.Options.ShouldBe(once.Options, "discovering the plugin's assembly again changed the runner's options");
        repeated.Services.ShouldBe(once.Services, "discovering the plugin's assembly again registered services twice");

        var userCall = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, Fixture.ConfigurePlugin));
        var userCallThenDiscovery = RegistrationSnapshot.Of(s => s.AddModuleRunner(RunnerSession.RunnerName, b =>
        {
            Fixture.ConfigurePlugin(b);
            b.AddPluginsFrom(assembly);
        }));
        userCallThenDiscovery.Options.ShouldBe(userCall.Options, "discovery after the user's own call changed the runner's options (the plugin's Configure is not idempotent)");
        userCallThenDiscovery.Services.ShouldBe(userCall.Services, "discovery after the user's own call registered services twice");
    }

    /// <summary>REG-004: the plugin's export names it (a unique name) and says what kind of plugin it is.</summary>
    [Fact, Guarantee("REG-004")]
    public virtual void REG004_the_export_has_a_name_and_a_kind()
    {
        var attribute = Fixture.PluginType.GetCustomAttribute<ModuleRunnerPluginAttribute>(inherit: false)
            .ShouldNotBeNull($"{Fixture.PluginType.Name} is not marked [ModuleRunnerPlugin(\"<unique name>\", Kind = \"…\")]");
        attribute.Name.Trim().ShouldNotBeEmpty();
        attribute.Kind.Trim().ShouldNotBeEmpty($"{Fixture.PluginType.Name}'s [ModuleRunnerPlugin] has no Kind; set it to what the plugin provides ({string.Join(", ", PluginKinds.Known)})");
        typeof(IModuleRunnerPlugin).IsAssignableFrom(Fixture.PluginType).ShouldBeTrue();
        Fixture.PluginType.GetConstructor(Type.EmptyTypes).ShouldNotBeNull($"{Fixture.PluginType.Name} needs a public parameterless constructor for discovery to create it");
        ExportedPlugins(Fixture.PluginType.Assembly).Where(p => p.Name == attribute.Name).Select(p => p.Type)
            .ShouldBe([Fixture.PluginType], ignoreOrder: true, $"another plugin in {Fixture.PluginType.Assembly.GetName().Name} uses the name \"{attribute.Name}\"");
    }

    /// <summary>REG-005: the user's call configures only the runner it is made on.</summary>
    [Fact, Guarantee("REG-005")]
    public virtual void REG005_only_the_runner_configured_is_touched()
    {
        var other = RegistrationSnapshot.Of(s =>
        {
            s.AddModuleRunner(RunnerSession.RunnerName, Fixture.ConfigurePlugin);
            s.AddModuleRunner("another", _ => { });
        }, runnerName: "another");
        other.Options.ShouldBe(RegistrationSnapshot.Untouched,
            $"configuring runner \"{RunnerSession.RunnerName}\" with {Fixture.PluginName} also configured runner \"another\" (use builder.Name for named options)");
        var defaultRunner = RegistrationSnapshot.Of(s =>
        {
            s.AddModuleRunner(RunnerSession.RunnerName, Fixture.ConfigurePlugin);
            s.AddModuleRunner(_ => { });
        }, runnerName: Microsoft.Extensions.Options.Options.DefaultName);
        defaultRunner.Options.ShouldBe(RegistrationSnapshot.Untouched,
            $"configuring runner \"{RunnerSession.RunnerName}\" with {Fixture.PluginName} also configured the default runner");
    }

    private static IReadOnlyList<(Type Type, string Name)> ExportedPlugins(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.OfType<Type>().ToArray();
        }
        using var container = new ContainerConfiguration().WithParts(types).CreateContainer();
        return container.GetExports<Lazy<IModuleRunnerPlugin, IDictionary<string, object>>>()
            .Select(export => (export.Value.GetType(), export.Metadata.TryGetValue(nameof(ModuleRunnerPluginAttribute.Name), out var name) ? name as string ?? "" : ""))
            .ToArray();
    }
}
