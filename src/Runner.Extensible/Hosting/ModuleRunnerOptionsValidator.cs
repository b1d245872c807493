using Microsoft.Extensions.Options;

namespace Runner.Extensible.Hosting;

/// <summary>
/// Validates a runner's options when they are first created (at host start and on first resolution): an
/// evaluator (from the slot, or the one <c>IModuleEvaluator</c> registered in the container) and a transport.
/// HMR on a transport that cannot push is reported by the runner when it starts, as only it sees the transport.
/// </summary>
internal sealed class ModuleRunnerOptionsValidator(ModuleRunnerRegistry registry) : IValidateOptions<ModuleRunnerOptions>
{
    public ValidateOptionsResult Validate(string? name, ModuleRunnerOptions options)
    {
        name ??= Options.DefaultName;
        if (!registry.IsRegistered(name)) return ValidateOptionsResult.Skip;

        var failures = new List<string>();
        if (options.Evaluator is null)
        {
            var registrations = registry.EvaluatorRegistrations();
            if (registrations.Count == 0) failures.Add(ModuleRunnerConfigurationErrors.NoEvaluator(name));
            else if (registrations.Count > 1) failures.Add(ModuleRunnerConfigurationErrors.TwoEvaluators(name, registrations));
        }
        if (options.Transport is null) failures.Add(ModuleRunnerConfigurationErrors.NoTransport(name));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
