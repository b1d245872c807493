using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Runner.Extensible.Hosting;

/// <summary>
/// At host start: validates every registered runner's options (all failures in one exception, so the host
/// does not start half-configured) and starts the runners marked <see cref="ModuleRunnerHostingOptions.StartWithHost"/>.
/// Runners are disposed with the container, not here.
/// </summary>
internal sealed class ModuleRunnerHostedService(
    ModuleRunnerRegistry registry,
    ModuleRunnerProvider provider,
    IOptionsMonitor<ModuleRunnerOptions> options,
    IOptionsMonitor<ModuleRunnerHostingOptions> hosting) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var name in registry.RunnerNames)
        {
            provider.LogDiscoveries(name);
            try
            {
                _ = options.Get(name);
            }
            catch (OptionsValidationException e)
            {
                failures.AddRange(e.Failures);
            }
        }
        if (failures.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, failures));

        foreach (var name in registry.RunnerNames)
        {
            if (hosting.Get(name).StartWithHost) await provider.GetRunnerAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
