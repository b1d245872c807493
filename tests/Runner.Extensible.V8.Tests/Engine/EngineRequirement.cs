using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

/// <summary>Starts environments for tests, skipping when libnode has not been set up (scripts/setup-libnode.sh).</summary>
internal static class EngineRequirement
{
    // Engine flags are process-wide, so every environment in the test process asks for the same ones.
    public static readonly IReadOnlyList<string> Flags = ["--expose-gc"];

    public static void EnsureAvailable()
    {
        var reason = NodeRuntime.UnavailableReason();
        if (reason is not null) Assert.Skip(reason);
    }

    public static async Task<NodeEnvironment> StartAsync(
        TimeSpan? timeLimit = null, long? heapLimitBytes = null, bool exposeNodeApis = true, string? workingDirectory = null)
    {
        EnsureAvailable();
        var options = new NodeEnvironmentOptions
        {
            EngineFlags = Flags,
            ExecutionTimeLimit = timeLimit,
            HeapLimitBytes = heapLimitBytes,
            ExposeNodeApis = exposeNodeApis,
            WorkingDirectory = workingDirectory,
        };
        return await NodeEnvironment.StartAsync(options, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs a script and converts its completion value to .NET.</summary>
    public static Task<object?> EvalAsync(this NodeEnvironment env, string code) =>
        env.InvokeAsync(js => js.ToClr(js.RunScript(code, "test.js")));
}
