using Microsoft.Extensions.Options;

namespace Company.RunnerPlugin;

/// <summary>Validates the options when a runner first reads them, which covers values set after the builder call.</summary>
internal sealed class SourceMapFilesOptionsValidator : IValidateOptions<SourceMapFilesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceMapFilesOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
