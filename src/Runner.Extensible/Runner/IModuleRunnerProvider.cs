namespace Runner.Extensible;

/// <summary>Gives access to named runners registered with <c>AddModuleRunner(name, …)</c>.</summary>
public interface IModuleRunnerProvider
{
    /// <summary>Returns the runner with this name, creating and starting it on first use.</summary>
    /// <param name="name">The runner name; <see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the default runner.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <exception cref="InvalidOperationException">No runner has that name, or its configuration is invalid (the message names the fix).</exception>
    ValueTask<IModuleRunner> GetRunnerAsync(string name, CancellationToken cancellationToken = default);
}
