using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Http;

/// <summary>
/// What a real Vite server never sends on its event stream — malformed and oversized events, silence — from a fake
/// server: bad events are logged and dropped with the stream kept open; a silent stream is reopened.
/// </summary>
public sealed class HttpBadEventTests : IAsyncLifetime
{
    private const int Limit = 4096;
    private const string Base = "/@runner-extensible/http";
    private static readonly string BigData = "{\"type\":\"custom\",\"event\":\"big\",\"data\":\"" + new string('x', 5 * Limit) + "\"}";

    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private readonly Channel<(string Connection, string Body)> _sent = Channel.CreateUnbounded<(string, string)>();
    private int _streams;
    private bool _silent;
    private FakeServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeServer.StartAsync(app =>
        {
            app.MapGet(Base + "/events", ServeEventsAsync);
            app.MapPost(Base + "/send", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                await _sent.Writer.WriteAsync((context.Request.Headers["X-Runner-Extensible-Connection"].ToString(), await reader.ReadToEndAsync()));
                return Results.NoContent();
            });
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Malformed_and_oversized_events_are_logged_and_dropped_and_the_stream_stays_open()
    {
        await using var transport = _builder.UseHttp(o =>
        {
            o.BaseUrl = _server.Url(Base);
            o.Token = "fake-token";
            o.MaxInboundMessageBytes = Limit;
        }).CreateTransport<IDuplexTransport>();

        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "after-garbage");

        _handler.Messages.Select(ProtocolJson.Serialize).ShouldBe([
            """{"type":"connected"}""",
            """{"type":"custom","event":"multi-line"}""",
            """{"type":"custom","event":"after-garbage"}""",
        ]);
        _handler.Disconnections.ShouldBeEmpty();
        var warnings = _builder.Logs.AtLeast(LogLevel.Warning).Select(e => e.Message).ToList();
        warnings.Count(w => w.StartsWith("Dropped a malformed event", StringComparison.Ordinal)).ShouldBe(3, string.Join("\n", warnings));
        warnings.ShouldContain(w => w.StartsWith("Dropped an event of", StringComparison.Ordinal) && w.Contains("MaxInboundMessageBytes (4096)"));

        // Still connected: a runner payload is posted with the stream's connection id.
        await transport.SendAsync(new CustomPayload("x:after"), TestContext.Current.CancellationToken);
        var sent = await _sent.Reader.ReadAsync(TestContext.Current.CancellationToken);
        sent.ShouldBe(("fake-connection-1", """{"type":"custom","event":"x:after"}"""));
        _streams.ShouldBe(1);
    }

    [Fact]
    public async Task A_silent_event_stream_counts_as_lost_and_is_reopened()
    {
        _silent = true;
        await using var transport = _builder.UseHttp(o =>
        {
            o.BaseUrl = _server.Url(Base);
            o.Token = "fake-token";
            o.EventStreamIdleTimeout = TimeSpan.FromMilliseconds(400);
            o.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        }).CreateTransport<IDuplexTransport>();

        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);

        var reason = await _handler.WaitForDisconnectionAsync(timeout: TimeSpan.FromSeconds(5));
        reason.ShouldNotBeNull().Message.ShouldContain("silent for 0.4 s");
        await _handler.WaitForReconnectionAsync(timeout: TimeSpan.FromSeconds(5));
        Volatile.Read(ref _streams).ShouldBeGreaterThanOrEqualTo(2);
    }

    private async Task ServeEventsAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != "Bearer fake-token")
        {
            context.Response.StatusCode = 401;
            return;
        }
        var number = Interlocked.Increment(ref _streams);
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        var ct = context.RequestAborted;
        async Task Write(string text)
        {
            await context.Response.WriteAsync(text, Encoding.UTF8, ct);
            await context.Response.Body.FlushAsync(ct);
        }

        await Write($"event: runner-extensible:connection\ndata: {{\"connectionId\":\"fake-connection-{number}\",\"protocol\":1}}\n\n");
        if (_silent)
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        await Write("data: {\"type\":\"connected\"}\n\n");
        await Write(": keep-alive\n\n");
        await Write("data: not json\n\n");
        await Write("data: {\"type\":42}\r\n\r\n");
        await Write("data: [1,2]\n\n");
        await Write("data: " + BigData + "\n\n");
        await Write("event: something-else\ndata: {\"ignored\":true}\n\n");
        await Write("data: {\"type\":\"custom\",\ndata: \"event\":\"multi-line\"}\n\n");
        await Write("data: {\"type\":\"custom\",\"event\":\"after-garbage\"}\n\n");
        await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
