using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.WebSocket;

/// <summary>The WebSocket transport's keep-alive: Vite's <c>{"type":"ping"}</c> messages and WebSocket pings with a pong timeout.</summary>
public sealed class WebSocketKeepAliveTests : IAsyncLifetime
{
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private bool _deaf;
    private FakeServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeServer.StartAsync(app => app.Map("/ws", ServeAsync));
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_runner_sends_vites_ping_message_every_interval()
    {
        await using var transport = _builder.UseWebSocket(o =>
        {
            o.Url = _server.Url("/ws", "ws");
            o.Token = "t";
            o.PingInterval = TimeSpan.FromMilliseconds(100);
        }).CreateTransport<IDuplexTransport>();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);

        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        (await _received.Reader.ReadAsync(window.Token)).ShouldBe("""{"type":"ping"}""");
        (await _received.Reader.ReadAsync(window.Token)).ShouldBe("""{"type":"ping"}""");
        _handler.Disconnections.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_server_that_stops_answering_pings_counts_as_lost()
    {
        _deaf = true;
        await using var transport = _builder.UseWebSocket(o =>
        {
            o.Url = _server.Url("/ws", "ws");
            o.Token = "t";
            o.PingInterval = TimeSpan.FromMilliseconds(200);
            o.PongTimeout = TimeSpan.FromMilliseconds(300);
            o.AutoReconnect = false;
        }).CreateTransport<IDuplexTransport>();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();

        var reason = await _handler.WaitForDisconnectionAsync(timeout: TimeSpan.FromSeconds(5));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        TestContext.Current.TestOutputHelper?.WriteLine(reason?.Message ?? "");
        reason.ShouldBeOfType<TransportException>().Message.ShouldContain("was lost");
        reason.Message.ShouldContain("KeepAliveTimeout", customMessage: "the reason should say that no pong came back");
    }

    private async Task ServeAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var ct = context.RequestAborted;
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"connected"}"""), WebSocketMessageType.Text, true, ct);
        if (_deaf)
        {
            // Never reads, so WebSocket pings are never answered: the TCP connection is up, the peer is not.
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        var buffer = new byte[4096];
        while (!ct.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) break;
            await _received.Writer.WriteAsync(Encoding.UTF8.GetString(buffer, 0, result.Count), ct);
        }
    }
}
