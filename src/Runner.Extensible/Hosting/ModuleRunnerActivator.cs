namespace Runner.Extensible.Hosting;

/// <summary>
/// Creates and starts runners for the provider. The one seam between hosting and the runner itself, so the
/// hosting tests can observe what hosting builds without depending on the runner's behaviour.
/// </summary>
internal class ModuleRunnerActivator
{
    /// <summary>Creates a runner from its components.</summary>
    public virtual IModuleRunner Create(ModuleRunnerComponents components) => new ModuleRunner(components);

    /// <summary>Starts a runner (idempotent: the runner ignores repeated starts).</summary>
    public virtual Task StartAsync(IModuleRunner runner, CancellationToken cancellationToken) =>
        runner is ModuleRunner moduleRunner ? moduleRunner.StartAsync(cancellationToken) : Task.CompletedTask;
}
