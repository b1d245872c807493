using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runner.Extensible.Conformance.Runtime;

namespace Runner.Extensible.Conformance.Tests.Registration;

/// <summary>
/// A plugin that does what plugins do (a slot, a shared service, an ordered step) the way the kit expects:
/// its <c>Use*</c> call is idempotent, discovery makes the same call, and it touches only its runner.
/// </summary>
public static class ReferencePluginBuilderExtensions
{
    public const string EvaluatorName = "conformance reference";

    public static IModuleRunnerBuilder UseConformanceReference(this IModuleRunnerBuilder builder)
    {
        builder.Services.TryAddSingleton<ReferenceClock>();
        builder.UseEvaluator(EvaluatorName, _ => new NonExecutingEvaluator());
        // Add* appends, so the step is added once per runner: a keyed marker remembers it.
        if (!builder.Services.Any(d => d.ServiceType == typeof(ReferenceStepAdded) && Equals(d.ServiceKey, builder.Name)))
        {
            builder.Services.AddKeyedSingleton<ReferenceStepAdded>(builder.Name);
            builder.AddInvokeStep(_ => new PassThroughStep());
        }
        return builder;
    }
}

/// <summary>The discoverable side of the reference plugin (exported by an emitted subclass).</summary>
public class ReferencePluginBase : IModuleRunnerPlugin
{
    public void Configure(IModuleRunnerBuilder builder) => builder.UseConformanceReference();
}

public sealed class ReferenceClock;

public sealed class ReferenceStepAdded;

public sealed class PassThroughStep : IInvokeStep
{
    public ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next) => next(context);
}

public sealed class ReferencePluginRegistrationFixture : PluginRegistrationFixture
{
    private static readonly Lazy<Type> Exported = new(() => ExportedPlugins.Emit((typeof(ReferencePluginBase), "Conformance.Reference", PluginKinds.Evaluator))[0]);

    public override Type PluginType => Exported.Value;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseConformanceReference();
}

public sealed class ReferencePluginRegistration(ReferencePluginRegistrationFixture fixture)
    : PluginRegistrationConformanceTests<ReferencePluginRegistrationFixture>(fixture);
