using Runner.Extensible.Conformance.Runtime;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The fixture of <see cref="EvaluatorConformanceTests{TFixture}"/>: wire the evaluator in
/// <see cref="ConformanceFixture.ConfigureRunner"/> as a user would (for example <c>builder.UseV8()</c>). The kit
/// fills the transport slot with an in-memory server that answers exactly as Vite 8.3.8 answered for the kit's
/// fixture app (recorded), so every test runs real Vite output through the real core runner.
/// </summary>
/// <remarks>
/// Declare what the evaluator cannot do by overriding a capability flag; the tests that need it then skip with the
/// reason instead of failing (and never pass silently).
/// </remarks>
public abstract class EvaluatorConformanceFixture : ConformanceFixture
{
    /// <summary>Whether the evaluator routes error stacks through the runner's source-map interceptor. Default <c>true</c>.</summary>
    public virtual bool SupportsSourceMaps => true;

    /// <summary>Whether the evaluator loads externalized packages (<c>file://</c> URLs, ESM and CommonJS). Default <c>true</c>.</summary>
    public virtual bool SupportsExternalModules => true;

    /// <summary>Whether the evaluator loads Node builtins such as <c>node:path</c>. Default <c>true</c>.</summary>
    public virtual bool SupportsNodeBuiltins => true;

    /// <summary>Whether the evaluator loads <c>data:</c> URL modules. Default <c>true</c>.</summary>
    public virtual bool SupportsDataUrls => true;

    /// <summary>Starts a runner with the plugin's evaluator, the recorded Vite server, HMR on unless asked otherwise.</summary>
    /// <param name="hmr">Whether the runner's HMR client runs.</param>
    /// <param name="kit">What the test adds after the seam (for example another import.meta factory).</param>
    internal Task<RunnerSession> StartRunnerAsync(bool hmr = true, Action<IModuleRunnerBuilder>? kit = null)
    {
        var server = ConformanceRecording.CreateServer();
        return RunnerSession.StartAsync(this, builder =>
        {
            ConfigurePlugin(builder);
            builder.UseInMemoryServer(server);
            if (!hmr) builder.DisableHmr();
            kit?.Invoke(builder);
        });
    }
}
