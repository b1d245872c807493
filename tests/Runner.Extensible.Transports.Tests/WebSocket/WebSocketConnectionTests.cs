using System.Diagnostics;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.WebSocket;

/// <summary>How the WebSocket transport connects, is refused, loses its server and gets it back.</summary>
public sealed class WebSocketConnectionTests : IAsyncLifetime
{
    private readonly string _token = "ws-lifecycle-" + Guid.NewGuid().ToString("N");
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private ViteApp _app = null!;
    private ViteServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _app = ViteApp.Create();
        _server = await ViteServer.StartAsync(_app.Root, _token);
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        await _server.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_the_servers_reason_and_the_fix()
    {
        await using var transport = _builder.UseWebSocket(_server.WebSocketUrl.ToString(), "not-the-token").CreateTransport<IDuplexTransport>();

        var refused = await Should.ThrowAsync<TransportException>(() => transport.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        TestContext.Current.TestOutputHelper?.WriteLine(refused.Message);
        refused.Message.ShouldContain("401");
        refused.Message.ShouldContain("ERR_UNAUTHORIZED");
        refused.Message.ShouldContain("\"wrong token for this Vite server\"");
        refused.Message.ShouldContain("node_modules/.runner-extensible/<environment>.json");
        refused.Message.ShouldContain("UseWebSocketFromConnectionFile");
        _handler.Disconnections.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_connection_file_gives_the_endpoint_and_token()
    {
        await using var transport = _builder.UseWebSocketFromConnectionFile(_app.ConnectionFile).CreateTransport<IDuplexTransport>();
        var invoker = new MessageInvoker(transport, _handler);

        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);

        transport.DisplayName.ShouldBe("websocket " + _server.WebSocketUrl);
        var builtins = await invoker.ResultOfAsync("getBuiltins");
        builtins.GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_missing_connection_file_says_to_start_vite()
    {
        var missing = Path.Combine(_app.Root, "node_modules", ".runner-extensible", "nope.json");
        await using var transport = _builder.UseWebSocketFromConnectionFile(missing).CreateTransport<IDuplexTransport>();

        var failure = await Should.ThrowAsync<TransportException>(() => transport.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        failure.Message.ShouldContain(missing);
        failure.Message.ShouldContain("does not exist");
        failure.Message.ShouldContain("Start the Vite dev server");
    }

    [Fact]
    public async Task The_server_dying_mid_invoke_is_reported_at_once_not_after_the_timeout()
    {
        await using var transport = _builder.UseWebSocket(o =>
        {
            o.Url = _server.WebSocketUrl;
            o.Token = _token;
            o.AutoReconnect = false;
        }).CreateTransport<IDuplexTransport>();
        var invoker = new MessageInvoker(transport, _handler);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();
        transport.InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(60));

        // virtual:slow takes two minutes to load, so the call is still in flight when the server dies.
        var call = invoker.InvokeAsync("fetchModule", "virtual:slow", null, new { cached = false });
        await Task.Delay(300, TestContext.Current.CancellationToken);
        call.IsCompleted.ShouldBeFalse();
        var clock = Stopwatch.StartNew();
        await _server.KillAsync();

        var reason = await _handler.WaitForDisconnectionAsync(timeout: TimeSpan.FromSeconds(5));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        TestContext.Current.TestOutputHelper?.WriteLine(reason?.Message ?? "(no reason)");
        reason.ShouldBeOfType<TransportException>().Message.ShouldContain(_server.WebSocketUrl.ToString());
        var failed = await Should.ThrowAsync<TransportException>(call);
        failed.Message.ShouldContain("fetchModule");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        await Should.ThrowAsync<TransportException>(() => transport.SendAsync(new PingPayload(), TestContext.Current.CancellationToken).AsTask());

        // Without automatic reconnects, connecting again replaces the lost connection.
        _server = await ViteServer.StartAsync(_app.Root, _token, _server.Port);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        (await invoker.ResultOfAsync("getBuiltins")).GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_transport_reconnects_with_backoff_when_the_server_comes_back()
    {
        await using var transport = _builder.UseWebSocket(o =>
        {
            o.Url = _server.WebSocketUrl;
            o.Token = _token;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(400);
        }).CreateTransport<IDuplexTransport>();
        var invoker = new MessageInvoker(transport, _handler);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        var port = _server.Port;
        await _server.KillAsync();
        await _handler.WaitForDisconnectionAsync();
        // Down for a while: several attempts fail and back off before the server is back.
        await Task.Delay(800, TestContext.Current.CancellationToken);
        _server = await ViteServer.StartAsync(_app.Root, _token, port);

        await _handler.WaitForReconnectionAsync();
        _handler.Disconnections.Count.ShouldBe(1);
        _builder.Logs.Entries.Count(e => e.Message.StartsWith("Reconnect attempt", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        var module = ProtocolJson.ParseFetchResult(await invoker.ResultOfAsync("fetchModule", "/src/math.ts", null, new { cached = false }));
        module.ShouldBeOfType<InlinedFetchResult>().Url.ShouldBe("/src/math.ts");
        _handler.Messages.OfType<ConnectedPayload>().Count().ShouldBe(2, "the restarted server greets the new connection");
    }

    [Fact]
    public async Task A_vite_restart_closes_the_socket_and_the_transport_reconnects()
    {
        await _server.DisposeAsync();
        _server = await ViteServer.StartAsync(_app.Root, _token, ViteServer.FreePort());
        await using var transport = _builder.UseWebSocket(o =>
        {
            o.Url = _server.WebSocketUrl;
            o.Token = _token;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
        }).CreateTransport<IDuplexTransport>();
        var invoker = new MessageInvoker(transport, _handler);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        await _server.RestartAsync();

        var reason = await _handler.WaitForDisconnectionAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(reason?.Message ?? "");
        reason.ShouldNotBeNull().Message.ShouldContain("closed the WebSocket (1012");
        await _handler.WaitForReconnectionAsync();
        (await invoker.ResultOfAsync("getBuiltins")).GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Disconnecting_on_purpose_is_not_reported_as_a_lost_connection()
    {
        await using var transport = _builder.UseWebSocket(_server.WebSocketUrl.ToString(), _token).CreateTransport<IDuplexTransport>();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        await transport.DisconnectAsync(TestContext.Current.CancellationToken);
        await transport.DisconnectAsync(TestContext.Current.CancellationToken);

        await Task.Delay(200, TestContext.Current.CancellationToken);
        _handler.Disconnections.ShouldBeEmpty();
        await Should.ThrowAsync<TransportException>(() => transport.SendAsync(new PingPayload(), TestContext.Current.CancellationToken).AsTask());
    }
}
