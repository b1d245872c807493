using Microsoft.Extensions.Options;

namespace Company.RunnerTransport;

/// <summary>Validates the options when a runner first reads them, which covers values bound from configuration.</summary>
internal sealed class TrafficLoggingOptionsValidator : IValidateOptions<TrafficLoggingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrafficLoggingOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
