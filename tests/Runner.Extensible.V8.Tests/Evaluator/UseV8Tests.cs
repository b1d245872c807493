using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runner.Extensible.V8.Evaluator;

namespace Runner.Extensible.V8.Tests.Evaluator;

public sealed class UseV8Tests
{
    [Fact]
    public void UseV8_fills_the_evaluator_slot_with_named_options()
    {
        var services = new ServiceCollection();
        var builder = new TestBuilder("ssr", services);

        builder.UseV8(o =>
        {
            o.ExecutionTimeLimit = TimeSpan.FromSeconds(2);
            o.ExposeNodeApis = false;
        }).ShouldBeSameAs(builder);

        using var provider = services.BuildServiceProvider();
        var slot = provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get("ssr").Evaluator.ShouldNotBeNull();
        slot.DisplayName.ShouldBe("V8");
        slot.Factory(provider).ShouldBeOfType<V8ModuleEvaluator>();
        var options = provider.GetRequiredService<IOptionsMonitor<V8EvaluatorOptions>>().Get("ssr");
        options.ExecutionTimeLimit.ShouldBe(TimeSpan.FromSeconds(2));
        options.ExposeNodeApis.ShouldBeFalse();
        provider.GetRequiredService<IOptionsMonitor<V8EvaluatorOptions>>().Get("other").ExposeNodeApis.ShouldBeTrue();
    }

    [Fact]
    public void Calling_UseV8_twice_keeps_one_slot()
    {
        var services = new ServiceCollection();
        var builder = new TestBuilder(Options.DefaultName, services);

        builder.UseV8().UseV8(o => o.HeapLimitMegabytes = 256);

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get(Options.DefaultName).Evaluator!.DisplayName.ShouldBe("V8");
        provider.GetRequiredService<IOptionsMonitor<V8EvaluatorOptions>>().Get(Options.DefaultName).HeapLimitMegabytes.ShouldBe(256);
    }

    [Fact]
    public void Invalid_settings_fail_where_they_are_made()
    {
        var builder = new TestBuilder("x", new ServiceCollection());

        Should.Throw<InvalidOperationException>(() => builder.UseV8(o => o.HeapLimitMegabytes = 1)).Message.ShouldContain("HeapLimitMegabytes");
        Should.Throw<InvalidOperationException>(() => builder.UseV8(o => o.ExecutionTimeLimit = TimeSpan.Zero)).Message.ShouldContain("ExecutionTimeLimit");
        Should.Throw<InvalidOperationException>(() => builder.UseV8(o => o.EngineFlags.Add("expose-gc"))).Message.ShouldContain("--");
    }

    [Fact]
    public void The_plugin_is_discoverable_and_uses_the_public_method()
    {
        var attribute = typeof(V8ModuleRunnerPlugin).GetCustomAttributes(typeof(ModuleRunnerPluginAttribute), false).Cast<ModuleRunnerPluginAttribute>().Single();
        attribute.Name.ShouldBe("Runner.Extensible.V8");
        attribute.Kind.ShouldBe("evaluator");
        var services = new ServiceCollection();

        new V8ModuleRunnerPlugin().Configure(new TestBuilder("p", services));

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptionsMonitor<ModuleRunnerOptions>>().Get("p").Evaluator!.DisplayName.ShouldBe("V8");
    }

    private sealed record TestBuilder(string Name, IServiceCollection Services) : IModuleRunnerBuilder;
}
