using Microsoft.Extensions.Options;

namespace Company.RunnerPlugin;

/// <summary>Validates the options when a runner first reads them, which covers members added after the builder call.</summary>
internal sealed class ImportMetaMembersOptionsValidator : IValidateOptions<ImportMetaMembersOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportMetaMembersOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
