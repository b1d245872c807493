using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;

namespace Runner.Extensible;

/// <summary>The module runner. (Being implemented: this placeholder only fixes the constructor the DI builder uses.)</summary>
public sealed class ModuleRunner : IModuleRunner
{
    /// <summary>Creates a runner from its components; the transport connects on first use or <see cref="StartAsync"/>.</summary>
    /// <param name="components">The evaluator, transport and settings.</param>
    public ModuleRunner(ModuleRunnerComponents components) => Components = components;

    internal ModuleRunnerComponents Components { get; }

    /// <inheritdoc />
    public string Name => Components.Name;

    /// <inheritdoc />
    public EvaluatedModules EvaluatedModules { get; } = new();

    /// <inheritdoc />
    public bool IsClosed => throw new NotImplementedException();

    /// <summary>Connects the transport, initializes the evaluator and starts the HMR client. Idempotent.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public Task StartAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IScriptObject> ImportAsync(string url, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public void ClearCache() => throw new NotImplementedException();

    /// <inheritdoc />
    public Task CloseAsync() => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
