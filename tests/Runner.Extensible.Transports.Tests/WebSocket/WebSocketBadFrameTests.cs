using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.WebSocket;

/// <summary>
/// What a real Vite server never sends — malformed and oversized frames — from a fake server: each is logged and
/// dropped, and the connection carries on.
/// </summary>
public sealed class WebSocketBadFrameTests : IAsyncLifetime
{
    private const int Limit = 4096;

    /// <summary>{"type":"custom","event":"big","data":"xxx…"}: valid, but five times the limit.</summary>
    private static readonly byte[] Big = Encoding.UTF8.GetBytes("{\"type\":\"custom\",\"event\":\"big\",\"data\":\"" + new string('x', 5 * Limit) + "\"}");
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private FakeServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeServer.StartAsync(app => app.Map("/@runner-extensible/ws", ServeAsync));
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Malformed_and_oversized_frames_are_logged_and_dropped_and_the_connection_stays_up()
    {
        await using var transport = _builder.UseWebSocket(o =>
        {
            o.Url = _server.Url("/@runner-extensible/ws", "ws");
            o.Token = "fake-token";
            o.MaxInboundMessageBytes = Limit;
        }).CreateTransport<IDuplexTransport>();

        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "after-garbage");

        // Only the two good frames got through, in order, on one connection.
        _handler.Messages.Select(ProtocolJson.Serialize).ShouldBe([
            """{"type":"connected"}""",
            """{"type":"custom","event":"after-garbage"}""",
        ]);
        _handler.Disconnections.ShouldBeEmpty();
        var warnings = _builder.Logs.AtLeast(LogLevel.Warning).Select(e => e.Message).ToList();
        warnings.Count(w => w.StartsWith("Dropped a malformed message", StringComparison.Ordinal)).ShouldBe(5, string.Join("\n", warnings));
        warnings.ShouldContain(w => w.StartsWith($"Dropped a message of {Big.Length} bytes", StringComparison.Ordinal) && w.Contains("MaxInboundMessageBytes (4096)"));

        // Still connected: the runner's next message reaches the server, which answers it.
        await transport.SendAsync(new CustomPayload("x:echo"), TestContext.Current.CancellationToken);
        (await _received.Reader.ReadAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"type":"custom","event":"x:echo"}""");
        await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "echoed");
        _handler.Disconnections.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_server_that_is_not_the_plugin_is_reported_with_its_status_and_a_hint()
    {
        await using var transport = _builder.UseWebSocket(_server.Url("/somewhere-else", "ws").ToString(), "fake-token").CreateTransport<IDuplexTransport>();

        var refused = await Should.ThrowAsync<TransportException>(() => transport.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        refused.Message.ShouldContain("404");
        refused.Message.ShouldContain("runnerExtensible()");
        refused.Message.ShouldContain("/@runner-extensible/ws");
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_with_what_to_start()
    {
        var closedPort = _server.Address.Port;
        await _server.DisposeAsync();
        _server = await FakeServer.StartAsync(_ => { });
        await using var transport = _builder.UseWebSocket($"ws://127.0.0.1:{closedPort}/@runner-extensible/ws", "fake-token").CreateTransport<IDuplexTransport>();

        var failure = await Should.ThrowAsync<TransportException>(() => transport.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        failure.Message.ShouldContain($"ws://127.0.0.1:{closedPort}/@runner-extensible/ws");
        failure.Message.ShouldContain("Start the Vite dev server");
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || context.Request.Headers.Authorization != "Bearer fake-token")
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var ct = context.RequestAborted;
        async Task Text(string text) => await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

        await Text("""{"type":"connected"}""");
        await Text("not json at all");
        await Text("""{"type":42}""");
        await Text("[1,2,3]");
        await Text("""{"type":"custom"}""");
        await socket.SendAsync(new byte[] { 0xff, 0xfe, 0x7b }, WebSocketMessageType.Binary, true, ct);
        // Oversized, in several frames.
        for (var offset = 0; offset < Big.Length; offset += 5000)
            await socket.SendAsync(Big.AsMemory(offset, Math.Min(5000, Big.Length - offset)), WebSocketMessageType.Text, offset + 5000 >= Big.Length, ct);
        await Text("""{"type":"custom","event":"after-garbage"}""");

        var buffer = new byte[8192];
        while (!ct.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) break;
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Contains("\"ping\"", StringComparison.Ordinal)) continue;
            await _received.Writer.WriteAsync(text, ct);
            await Text("""{"type":"custom","event":"echoed"}""");
        }
    }
}
