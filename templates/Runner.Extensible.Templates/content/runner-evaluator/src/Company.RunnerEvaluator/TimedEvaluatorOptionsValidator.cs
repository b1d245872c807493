using Microsoft.Extensions.Options;

namespace Company.RunnerEvaluator;

/// <summary>Validates the options when a runner first reads them, which covers values bound from configuration.</summary>
internal sealed class TimedEvaluatorOptionsValidator : IValidateOptions<TimedEvaluatorOptions>
{
    public ValidateOptionsResult Validate(string? name, TimedEvaluatorOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
