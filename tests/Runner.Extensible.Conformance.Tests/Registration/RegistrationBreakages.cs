using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Conformance.Tests.Breakages;

namespace Runner.Extensible.Conformance.Tests.Registration;

/// <summary>Broken plugins, one or more per REG guarantee.</summary>
public static class RegistrationBreakages
{
    public static IEnumerable<Breakage> All =>
    [
        new("REG-001", "registers its service with Add instead of TryAdd", Suite(Exported<AddsServiceTwice>(), b => AddsServiceTwice.Use(b))),
        new("REG-001", "adds its step on every call", Suite(Exported<AddsStepTwice>(), b => AddsStepTwice.Use(b))),
        new("REG-002", "not exported", Suite(typeof(UnexportedPlugin), b => b.UseConformanceReference())),
        new("REG-002", "discovery configures another evaluator", Suite(Exported<DiscoversAnotherEvaluator>(), b => b.UseConformanceReference())),
        new("REG-003", "discovery adds its step again after the user's call", Suite(Exported<AddsStepWhenDiscovered>(), b => b.UseConformanceReference())),
        new("REG-004", "exported without a kind", Suite(ExportedPlugins.Emit((typeof(ReferencePluginBase), "Conformance.NoKind", ""))[0], b => b.UseConformanceReference())),
        new("REG-005", "configures every runner", Suite(Exported<ConfiguresEveryRunner>(), b => ConfiguresEveryRunner.Use(b))),
    ];

    private static Type Exported<TBase>() where TBase : IModuleRunnerPlugin =>
        ExportedPlugins.Emit((typeof(TBase), "Conformance.Broken." + typeof(TBase).Name, PluginKinds.Evaluator))[0];

    private static Func<object> Suite(Type pluginType, Action<IModuleRunnerBuilder> userCall) =>
        () => new BrokenRegistrationSuite(new BrokenRegistrationFixture(pluginType, userCall));

    public class AddsServiceTwice : IModuleRunnerPlugin
    {
        public static void Use(IModuleRunnerBuilder builder)
        {
            builder.Services.AddSingleton<ReferenceClock>();
            builder.UseEvaluator("adds service twice", _ => new NonExecutingEvaluator());
        }

        public void Configure(IModuleRunnerBuilder builder) => Use(builder);
    }

    public class AddsStepTwice : IModuleRunnerPlugin
    {
        public static void Use(IModuleRunnerBuilder builder) =>
            builder.UseEvaluator("adds step twice", _ => new NonExecutingEvaluator()).AddInvokeStep(_ => new PassThroughStep());

        public void Configure(IModuleRunnerBuilder builder) => Use(builder);
    }

    public class DiscoversAnotherEvaluator : IModuleRunnerPlugin
    {
        public void Configure(IModuleRunnerBuilder builder) => builder.UseEvaluator("another evaluator", _ => new NonExecutingEvaluator());
    }

    public class AddsStepWhenDiscovered : IModuleRunnerPlugin
    {
        public void Configure(IModuleRunnerBuilder builder)
        {
            builder.UseConformanceReference();
            builder.AddInvokeStep(_ => new PassThroughStep());
        }
    }

    public class ConfiguresEveryRunner : IModuleRunnerPlugin
    {
        public static void Use(IModuleRunnerBuilder builder) =>
            builder.Services.ConfigureAll<ModuleRunnerOptions>(o => o.Evaluator = new PluginSlot<global::Runner.Extensible.Evaluation.IModuleEvaluator>("every runner", _ => new NonExecutingEvaluator()));

        public void Configure(IModuleRunnerBuilder builder) => Use(builder);
    }

    /// <summary>A plugin class without [ModuleRunnerPlugin] (this assembly exports no plugin).</summary>
    public sealed class UnexportedPlugin : ReferencePluginBase;
}

internal sealed class BrokenRegistrationFixture(Type pluginType, Action<IModuleRunnerBuilder> userCall) : PluginRegistrationFixture
{
    public override Type PluginType => pluginType;

    public override string PluginName => pluginType.Name;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => userCall(builder);
}

internal sealed class BrokenRegistrationSuite(BrokenRegistrationFixture fixture) : PluginRegistrationConformanceTests<BrokenRegistrationFixture>(fixture);
