using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

/// <summary>Skips a test when libnode has not been set up (scripts/setup-libnode.sh).</summary>
internal static class EngineRequirement
{
    public static void EnsureAvailable()
    {
        var reason = NodeRuntime.UnavailableReason();
        if (reason is not null) Assert.Skip(reason);
    }

    public static async Task<NodeEnvironment> StartAsync(NodeEnvironmentOptions? options = null)
    {
        EnsureAvailable();
        return await NodeEnvironment.StartAsync(options, TestContext.Current.CancellationToken);
    }
}
