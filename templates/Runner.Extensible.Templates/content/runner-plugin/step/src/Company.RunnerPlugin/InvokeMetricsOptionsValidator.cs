using Microsoft.Extensions.Options;

namespace Company.RunnerPlugin;

/// <summary>Validates the options when a runner first reads them, which covers values bound from configuration.</summary>
internal sealed class InvokeMetricsOptionsValidator : IValidateOptions<InvokeMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, InvokeMetricsOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
