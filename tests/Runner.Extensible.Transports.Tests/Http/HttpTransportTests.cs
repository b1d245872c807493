using System.Text.Json;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Http;

/// <summary>The HTTP transport (POST invoke, server-sent events, POST send) against a real Vite 8 server with the plugin.</summary>
public sealed class HttpTransportTests(ViteServerFixture vite) : IClassFixture<ViteServerFixture>, IAsyncLifetime
{
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private IModuleRunnerTransport _transport = null!;

    private IInvokeTransport Invoke => (IInvokeTransport)_transport;

    private IDuplexTransport Duplex => (IDuplexTransport)_transport;

    public async ValueTask InitializeAsync()
    {
        _builder.UseHttp(vite.Server.HttpUrl.ToString(), vite.Token);
        _transport = _builder.CreateTransport<IModuleRunnerTransport>();
        await Duplex.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _builder.DisposeAsync();
    }

    private async Task<InvokeResult> CallAsync(string method, params object?[] arguments) =>
        await Invoke.InvokeAsync(new InvokeRequest(method, "send", ProtocolJson.ToElement(arguments)), TestContext.Current.CancellationToken);

    [Fact]
    public void It_is_both_an_invoke_and_a_duplex_transport()
    {
        _transport.ShouldBeAssignableTo<IInvokeTransport>();
        _transport.ShouldBeAssignableTo<IDuplexTransport>();
        Duplex.InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(60));
        _transport.DisplayName.ShouldBe("http " + vite.Server.HttpUrl);
    }

    [Fact]
    public async Task FetchModule_round_trip_returns_the_transformed_module()
    {
        var answer = await CallAsync("fetchModule", "/src/math.ts", null, new { cached = false, startOffset = 3 });

        answer.Error.ShouldBeNull();
        var module = ProtocolJson.ParseFetchResult(answer.Result).ShouldBeOfType<InlinedFetchResult>();
        module.Url.ShouldBe("/src/math.ts");
        module.Code.ShouldNotBeNull().ShouldContain("__vite_ssr_exportName__");
    }

    [Fact]
    public async Task GetBuiltins_round_trip_returns_the_environments_builtins()
    {
        var answer = await CallAsync("getBuiltins");

        answer.Error.ShouldBeNull();
        answer.Result.ValueKind.ShouldBe(JsonValueKind.Array);
        answer.Result.EnumerateArray().ShouldContain(b => b.GetProperty("type").GetString() == "string" && b.GetProperty("value").GetString() == "fs");
    }

    [Fact]
    public async Task A_failing_call_comes_back_as_the_servers_error_not_an_exception()
    {
        var answer = await CallAsync("fetchModule", "/src/does-not-exist.ts", null, new { cached = false });

        answer.IsError.ShouldBeTrue();
        answer.Error!.Value.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("/src/does-not-exist.ts");
    }

    [Fact]
    public async Task Calls_over_messages_are_answered_on_the_event_stream_too()
    {
        var invoker = new MessageInvoker(Duplex, _handler);

        var builtins = await invoker.ResultOfAsync("getBuiltins");

        builtins.GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_edited_module_is_announced_with_an_hmr_update()
    {
        (await CallAsync("fetchModule", "/src/hmr/parent.ts", null, new { cached = false })).Error.ShouldBeNull();
        (await CallAsync("fetchModule", "/src/hmr/child.ts", "/src/hmr/parent.ts", new { cached = false })).Error.ShouldBeNull();

        var update = await HmrEdits.EditAndWaitForUpdateAsync(vite.App, _handler, "src/hmr/child.ts", "'child v1'", x => x.AcceptedPath == "/src/hmr/child.ts");
        update.Updates.ShouldContain(x => x.Path == "/src/hmr/parent.ts" && x.UpdateType == "js-update");
    }

    [Fact]
    public async Task Custom_events_travel_both_ways()
    {
        await Duplex.SendAsync(new CustomPayload("x:hello", ProtocolJson.ToElement(new { from = "http test" })), TestContext.Current.CancellationToken);
        var reply = await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "x:hello-reply");
        reply.Data!.Value.GetProperty("echoed").GetProperty("from").GetString().ShouldBe("http test");

        await vite.Server.BroadcastAsync(new CustomPayload("x:ping", ProtocolJson.ToElement(new { n = 8 })));
        var ping = await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "x:ping");
        ping.Data!.Value.GetProperty("n").GetInt32().ShouldBe(8);
        _handler.OverlapSeen.ShouldBeFalse();
    }
}
