namespace Runner.Extensible;

/// <summary>What fills an exclusive slot of a runner (its evaluator or transport): a name for messages and a factory.</summary>
/// <typeparam name="T">The contract.</typeparam>
/// <param name="DisplayName">A short name such as <c>V8</c> or <c>WebSocket</c>, used in logs and errors.</param>
/// <param name="Factory">Creates one instance per runner; the runner disposes it.</param>
public sealed record PluginSlot<T>(string DisplayName, Func<IServiceProvider, T> Factory) where T : class;
