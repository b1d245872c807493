using System.Text;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Tests.Shared;

public sealed class ServerRefusalTests
{
    [Fact]
    public void Quotes_the_plugins_reason_and_names_the_fix_for_a_foreign_origin()
    {
        var body = """{"error":{"name":"RunnerExtensibleTransportError","code":"ERR_FORBIDDEN_ORIGIN","message":"requests from origin http://evil.example are refused"}}""";

        var message = ServerRefusal.From(403, null, Encoding.UTF8.GetBytes(body)).Describe("the WebSocket connection to ws://x", "unused");

        message.ShouldBe("The Vite server refused the WebSocket connection to ws://x: 403 Forbidden ERR_FORBIDDEN_ORIGIN \"requests from origin http://evil.example are refused\". "
            + "Requests with an Origin header from another site are refused; do not send an Origin header, or list that origin in the plugin's allowedOrigins option.");
    }

    [Fact]
    public void Quotes_a_body_that_is_not_the_plugins()
    {
        var refusal = ServerRefusal.From(502, null, Encoding.UTF8.GetBytes("<html>Bad Gateway</html>\n"));

        refusal.Describe("the call", "unused").ShouldBe("The Vite server refused the call: 502 BadGateway (body: <html>Bad Gateway</html>\\u000a). See the Vite server's log for details.");
    }

    [Fact]
    public void Takes_the_code_from_the_header_when_the_body_is_empty()
    {
        var refusal = ServerRefusal.From(401, "ERR_UNAUTHORIZED", ReadOnlySpan<byte>.Empty);

        refusal.Code.ShouldBe("ERR_UNAUTHORIZED");
        refusal.IsAuthenticationFailure.ShouldBeTrue();
        refusal.Describe("the event stream", "pass it with UseHttp(baseUrl, token)").ShouldEndWith("read it from there, pass it with UseHttp(baseUrl, token).");
    }

    [Fact]
    public void An_unknown_event_stream_is_explained_rather_than_blamed_on_the_path()
    {
        var body = """{"error":{"name":"RunnerExtensibleTransportError","code":"ERR_UNKNOWN_CONNECTION","message":"no open event stream with connection id abc"}}""";

        var message = ServerRefusal.From(404, "ERR_UNKNOWN_CONNECTION", Encoding.UTF8.GetBytes(body)).Describe("the custom event \"x\"", "unused");

        message.ShouldContain("404 NotFound ERR_UNKNOWN_CONNECTION \"no open event stream with connection id abc\"");
        message.ShouldContain("the transport reopens the stream");
        message.ShouldNotContain("runnerExtensible()");
    }
}
