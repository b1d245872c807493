using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Stdio;

/// <summary>The stdio transport with the real host script (shipped under vite-plugin/) running Vite 8.</summary>
public sealed class StdioTransportTests(StdioFixture stdio) : IClassFixture<StdioFixture>
{
    [Fact]
    public async Task The_host_greets_with_connected_first()
    {
        await stdio.Handler.WaitForMessageAsync<HotPayload>();
        stdio.Handler.Messages[0].ShouldBeOfType<ConnectedPayload>();
        stdio.Transport.DisplayName.ShouldStartWith("stdio " + stdio.App.Root + " (node pid ");
        stdio.Transport.InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task FetchModule_round_trip_returns_the_transformed_module()
    {
        var module = ProtocolJson.ParseFetchResult(await stdio.Invoker.ResultOfAsync("fetchModule", "/src/math.ts", null, new { cached = false, startOffset = 3 }))
            .ShouldBeOfType<InlinedFetchResult>();

        module.Url.ShouldBe("/src/math.ts");
        module.File.ShouldBe(Path.Combine(stdio.App.Root, "src", "math.ts"));
        module.Code.ShouldNotBeNull().ShouldContain("__vite_ssr_exportName__");
        // stdout carries the protocol only: nothing was dropped as malformed.
        stdio.Builder.Logs.Entries.ShouldNotContain(e => e.Message.StartsWith("Dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetBuiltins_round_trip_returns_the_environments_builtins()
    {
        var builtins = await stdio.Invoker.ResultOfAsync("getBuiltins");

        builtins.EnumerateArray().ShouldContain(b => b.GetProperty("type").GetString() == "string" && b.GetProperty("value").GetString() == "fs");
    }

    [Fact]
    public async Task An_edited_module_is_announced_with_an_hmr_update()
    {
        await stdio.Invoker.ResultOfAsync("fetchModule", "/src/hmr/self.ts", null, new { cached = false });

        var update = await HmrEdits.EditAndWaitForUpdateAsync(stdio.App, stdio.Handler, "src/hmr/self.ts", "'self v1'", x => x.Path == "/src/hmr/self.ts");
        update.Updates.ShouldContain(x => x.AcceptedPath == "/src/hmr/self.ts");
    }

    [Fact]
    public async Task Custom_events_travel_both_ways()
    {
        await stdio.Transport.SendAsync(new CustomPayload("x:hello", ProtocolJson.ToElement(new { from = "stdio test" })), TestContext.Current.CancellationToken);

        var reply = await stdio.Handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "x:hello-reply");
        reply.Data!.Value.GetProperty("echoed").GetProperty("from").GetString().ShouldBe("stdio test");
        stdio.Handler.OverlapSeen.ShouldBeFalse();
    }

    [Fact]
    public void The_child_is_started_through_the_shipped_host_script()
    {
        stdio.Builder.Logs.Entries.ShouldContain(e => e.Message.StartsWith("Started the Vite stdio host", StringComparison.Ordinal));
        File.Exists(Path.Combine(AppContext.BaseDirectory, "vite-plugin", "bin", "stdio-host.js")).ShouldBeTrue();
        File.Exists(Path.Combine(AppContext.BaseDirectory, "vite-plugin", "package.json")).ShouldBeTrue();
        stdio.Builder.Logs.AtLeast(LogLevel.Warning).ShouldBeEmpty();
    }
}
