using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.WebSocket;

/// <summary>The WebSocket transport against a real Vite 8 server with the runner-extensible plugin.</summary>
public sealed class WebSocketTransportTests(ViteServerFixture vite) : IClassFixture<ViteServerFixture>, IAsyncLifetime
{
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private IDuplexTransport _transport = null!;
    private MessageInvoker _invoker = null!;

    public async ValueTask InitializeAsync()
    {
        _builder.UseWebSocket(vite.Server.WebSocketUrl.ToString(), vite.Token);
        _transport = _builder.CreateTransport<IDuplexTransport>();
        _invoker = new MessageInvoker(_transport, _handler);
        await _transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _builder.DisposeAsync();
    }

    [Fact]
    public async Task FetchModule_round_trip_returns_the_transformed_module()
    {
        var result = ProtocolJson.ParseFetchResult(await _invoker.ResultOfAsync("fetchModule", "/src/math.ts", null, new { cached = false, startOffset = 3 }));

        var module = result.ShouldBeOfType<InlinedFetchResult>();
        module.Url.ShouldBe("/src/math.ts");
        module.File.ShouldBe(Path.Combine(vite.App.Root, "src", "math.ts"));
        module.Code.ShouldNotBeNull().ShouldContain("__vite_ssr_exportName__");
    }

    [Fact]
    public async Task GetBuiltins_round_trip_returns_the_environments_builtins()
    {
        var builtins = await _invoker.ResultOfAsync("getBuiltins");

        builtins.ValueKind.ShouldBe(JsonValueKind.Array);
        builtins.EnumerateArray().ShouldContain(b => b.GetProperty("type").GetString() == "string" && b.GetProperty("value").GetString() == "fs");
        builtins.EnumerateArray().ShouldContain(b => b.GetProperty("type").GetString() == "RegExp" && b.GetProperty("source").GetString() == "^node:");
    }

    [Fact]
    public async Task A_failing_call_comes_back_as_the_servers_error()
    {
        var answer = await _invoker.InvokeAsync("fetchModule", "/src/does-not-exist.ts", null, new { cached = false });

        var error = answer.Error.ShouldNotBeNull();
        error.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("/src/does-not-exist.ts");
    }

    [Fact]
    public async Task An_edited_module_is_announced_with_an_hmr_update()
    {
        await _invoker.ResultOfAsync("fetchModule", "/src/hmr/self.ts", null, new { cached = false });

        var update = await HmrEdits.EditAndWaitForUpdateAsync(vite.App, _handler, "src/hmr/self.ts", "'self v1'", x => x.Path == "/src/hmr/self.ts");
        update.Updates.ShouldContain(x => x.AcceptedPath == "/src/hmr/self.ts" && x.UpdateType == "js-update");
    }

    [Fact]
    public async Task Custom_events_travel_both_ways()
    {
        // Runner → server: the fixture's vite.config answers "x:hello" to the sender only.
        await _transport.SendAsync(new CustomPayload("x:hello", ProtocolJson.ToElement(new { from = "websocket test" })), TestContext.Current.CancellationToken);
        var reply = await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "x:hello-reply");
        reply.Data!.Value.GetProperty("echoed").GetProperty("from").GetString().ShouldBe("websocket test");
        reply.Data!.Value.GetProperty("environment").GetString().ShouldBe("dotnet");

        // Server → every runner.
        await vite.Server.BroadcastAsync(new CustomPayload("x:ping", ProtocolJson.ToElement(new { n = 7 })));
        var ping = await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "x:ping");
        ping.Data!.Value.GetProperty("n").GetInt32().ShouldBe(7);
    }

    [Fact]
    public async Task The_handler_is_never_called_concurrently()
    {
        var calls = Enumerable.Range(0, 20).Select(_ => _invoker.ResultOfAsync("getBuiltins"));
        await Task.WhenAll(calls);

        _handler.OverlapSeen.ShouldBeFalse();
        _invoker.PendingCount.ShouldBe(0);
    }
}
