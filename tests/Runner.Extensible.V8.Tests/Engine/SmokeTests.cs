using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class SmokeTests
{
    [Fact]
    public async Task Runs_a_script()
    {
        await using var env = await EngineRequirement.StartAsync();
        var result = await env.InvokeAsync(js => js.ToClr(js.RunScript("1 + 2", "smoke.js")));
        result.ShouldBe(3d);
    }
}
