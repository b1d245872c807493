namespace Runner.Extensible;

/// <summary>Lets plugin discovery add the V8 evaluator: it calls <see cref="V8ModuleRunnerBuilderExtensions.UseV8(IModuleRunnerBuilder)"/>.</summary>
[ModuleRunnerPlugin("Runner.Extensible.V8", Kind = "evaluator")]
public sealed class V8ModuleRunnerPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseV8();
}
