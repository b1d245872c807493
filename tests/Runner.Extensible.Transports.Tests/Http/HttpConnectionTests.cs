using System.Diagnostics;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Http;

/// <summary>How the HTTP transport connects, is refused, times out, loses its server and gets it back.</summary>
public sealed class HttpConnectionTests : IAsyncLifetime
{
    private readonly string _token = "http-lifecycle-" + Guid.NewGuid().ToString("N");
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

    private static InvokeRequest FetchModule(string url) =>
        new("fetchModule", "send", ProtocolJson.ToElement(new object?[] { url, null, new { cached = false } }));

    [Fact]
    public async Task A_wrong_token_is_refused_with_the_servers_reason_and_the_fix()
    {
        await using var transport = _builder.UseHttp(_server.HttpUrl.ToString(), "not-the-token").CreateTransport<IModuleRunnerTransport>();

        var streamRefused = await Should.ThrowAsync<TransportException>(() => ((IDuplexTransport)transport).ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());
        var callRefused = await Should.ThrowAsync<TransportException>(() => ((IInvokeTransport)transport).InvokeAsync(FetchModule("/src/math.ts"), TestContext.Current.CancellationToken));

        TestContext.Current.TestOutputHelper?.WriteLine(callRefused.Message);
        foreach (var refused in new[] { streamRefused, callRefused })
        {
            refused.Message.ShouldContain("401");
            refused.Message.ShouldContain("\"wrong token for this Vite server\"");
            refused.Message.ShouldContain("node_modules/.runner-extensible/<environment>.json");
            refused.Message.ShouldContain("UseHttpFromConnectionFile");
        }
        callRefused.Message.ShouldContain("\"fetchModule\" for \"/src/math.ts\"");
    }

    [Fact]
    public async Task A_call_that_outlives_the_invoke_timeout_fails_naming_the_call()
    {
        await using var transport = _builder.UseHttp(o =>
        {
            o.BaseUrl = _server.HttpUrl;
            o.Token = _token;
            o.InvokeTimeout = TimeSpan.FromMilliseconds(500);
        }).CreateTransport<IInvokeTransport>();

        var clock = Stopwatch.StartNew();
        var timedOut = await Should.ThrowAsync<TransportException>(() => transport.InvokeAsync(FetchModule("virtual:slow"), TestContext.Current.CancellationToken));

        clock.Elapsed.ShouldBeInRange(TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        timedOut.Message.ShouldContain("timed out after 500ms");
        timedOut.Message.ShouldContain("\"fetchModule\" for \"virtual:slow\"");
    }

    [Fact]
    public async Task The_server_dying_mid_invoke_fails_the_call_and_reports_the_disconnection_at_once()
    {
        await using var transport = _builder.UseHttp(o =>
        {
            o.BaseUrl = _server.HttpUrl;
            o.Token = _token;
            o.AutoReconnect = false;
        }).CreateTransport<IModuleRunnerTransport>();
        await ((IDuplexTransport)transport).ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        var call = ((IInvokeTransport)transport).InvokeAsync(FetchModule("virtual:slow"), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        call.IsCompleted.ShouldBeFalse();
        var clock = Stopwatch.StartNew();
        await _server.KillAsync();

        var failed = await Should.ThrowAsync<TransportException>(call);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        TestContext.Current.TestOutputHelper?.WriteLine(failed.Message);
        failed.Message.ShouldContain("\"fetchModule\" for \"virtual:slow\"");
        failed.Message.ShouldContain(_server.HttpUrl + "/invoke");
        var reason = await _handler.WaitForDisconnectionAsync(timeout: TimeSpan.FromSeconds(5));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        reason.ShouldBeOfType<TransportException>().Message.ShouldContain(_server.HttpUrl + "/events");
    }

    [Fact]
    public async Task A_restarted_server_with_a_new_port_and_token_is_found_again_through_the_connection_file()
    {
        await using var transport = _builder.UseHttp(o =>
        {
            o.ConnectionFile = _app.ConnectionFile;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(400);
        }).CreateTransport<IModuleRunnerTransport>();
        await ((IDuplexTransport)transport).ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();
        var firstUrl = _server.HttpUrl;

        await _server.KillAsync();
        await _handler.WaitForDisconnectionAsync();
        await Task.Delay(800, TestContext.Current.CancellationToken);
        // A killed server leaves its connection file behind: reconnect attempts read it and fail until the new server rewrites it.
        _server = await ViteServer.StartAsync(_app.Root, "http-restarted-" + Guid.NewGuid().ToString("N"));

        await _handler.WaitForReconnectionAsync();
        _server.HttpUrl.ShouldNotBe(firstUrl);
        transport.DisplayName.ShouldBe("http " + _server.HttpUrl);
        _builder.Logs.Entries.Count(e => e.Message.StartsWith("Reconnect attempt", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        var answer = await ((IInvokeTransport)transport).InvokeAsync(FetchModule("/src/math.ts"), TestContext.Current.CancellationToken);
        ProtocolJson.ParseFetchResult(answer.Result).ShouldBeOfType<InlinedFetchResult>().Url.ShouldBe("/src/math.ts");
        // The new event stream carries runner → server → runner traffic again.
        await ((IDuplexTransport)transport).SendAsync(new CustomPayload("x:hello", ProtocolJson.ToElement(new { after = "restart" })), TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "x:hello-reply");
    }

    [Fact]
    public async Task A_vite_restart_ends_the_event_stream_and_the_transport_reopens_it()
    {
        await _server.DisposeAsync();
        _server = await ViteServer.StartAsync(_app.Root, _token, ViteServer.FreePort());
        await using var transport = _builder.UseHttp(o =>
        {
            o.BaseUrl = _server.HttpUrl;
            o.Token = _token;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
        }).CreateTransport<IModuleRunnerTransport>();
        await ((IDuplexTransport)transport).ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        await _server.RestartAsync();

        (await _handler.WaitForDisconnectionAsync()).ShouldNotBeNull().Message.ShouldContain("ended the event stream");
        await _handler.WaitForReconnectionAsync();
        var answer = await ((IInvokeTransport)transport).InvokeAsync(FetchModule("/src/math.ts"), TestContext.Current.CancellationToken);
        answer.Error.ShouldBeNull();
    }

    [Fact]
    public async Task The_plugins_own_methods_get_the_event_streams_connection_id()
    {
        await using var transport = _builder.UseHttp(_server.HttpUrl.ToString(), _token).CreateTransport<IModuleRunnerTransport>();
        await ((IDuplexTransport)transport).ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        // runnerExtensible:fetchModules (PROTOCOL.md §7) answers ERR_UNKNOWN_CONNECTION unless POST /invoke names the caller's event stream.
        var request = new InvokeRequest("runnerExtensible:fetchModules", "send",
            ProtocolJson.ToElement(new object[] { new[] { new { url = "/src/math.ts", importer = (string?)null, cached = false } }, new { prefetch = false } }));
        var answer = await ((IInvokeTransport)transport).InvokeAsync(request, TestContext.Current.CancellationToken);

        answer.Error.ShouldBeNull(answer.Error?.ToString());
        var module = answer.Result.GetProperty("modules")[0];
        module.GetProperty("url").GetString().ShouldBe("/src/math.ts");
        ProtocolJson.ParseFetchResult(module.GetProperty("result")).ShouldBeOfType<InlinedFetchResult>().Url.ShouldBe("/src/math.ts");
    }

    [Fact]
    public async Task Disconnecting_on_purpose_is_not_reported_as_a_lost_connection()
    {
        await using var transport = _builder.UseHttp(_server.HttpUrl.ToString(), _token).CreateTransport<IDuplexTransport>();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<ConnectedPayload>();

        await transport.DisconnectAsync(TestContext.Current.CancellationToken);

        await Task.Delay(200, TestContext.Current.CancellationToken);
        _handler.Disconnections.ShouldBeEmpty();
        await Should.ThrowAsync<TransportException>(() => transport.SendAsync(new CustomPayload("x:hello"), TestContext.Current.CancellationToken).AsTask());
    }
}
