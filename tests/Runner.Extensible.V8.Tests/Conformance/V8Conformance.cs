using Runner.Extensible.Conformance;

namespace Runner.Extensible.V8.Tests.Conformance;

/// <summary>The V8 evaluator, wired as a user wires it, against the evaluator kit.</summary>
public sealed class V8EvaluatorFixture : EvaluatorConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseV8(o => o.EngineFlags.Add("--expose-gc"));
}

public sealed class V8EvaluatorConformance(V8EvaluatorFixture fixture) : EvaluatorConformanceTests<V8EvaluatorFixture>(fixture);

public sealed class V8RegistrationFixture : PluginRegistrationFixture<V8ModuleRunnerPlugin>
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseV8();
}

public sealed class V8Registration(V8RegistrationFixture fixture) : PluginRegistrationConformanceTests<V8RegistrationFixture>(fixture);

public sealed class V8KitCompliance : KitCompliance<V8ModuleRunnerPlugin>;
