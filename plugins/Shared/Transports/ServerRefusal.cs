using System.Net;
using System.Text;
using System.Text.Json;

namespace Runner.Extensible.Transports.Shared;

/// <summary>
/// A refusal by the Vite plugin (PROTOCOL.md §2.2): an HTTP status with the body
/// <c>{"error":{"name":"RunnerExtensibleTransportError","code":…,"message":…}}</c> and the header
/// <c>X-Runner-Extensible-Error</c>. Turns it into a message that quotes the server and names the fix.
/// </summary>
internal sealed record ServerRefusal(int Status, string? Code, string? ServerMessage, string? RawBody)
{
    /// <summary>The header that carries the error code on every refusal.</summary>
    public const string ErrorHeader = "X-Runner-Extensible-Error";

    /// <summary>Bytes of a refusal body worth reading; the plugin's are far smaller.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Reads a refusal from a status, the error header's value (if any) and the body.</summary>
    public static ServerRefusal From(int status, string? headerCode, ReadOnlySpan<byte> body)
    {
        string? code = headerCode, message = null, raw = null;
        if (!body.IsEmpty)
        {
            try
            {
                using var document = JsonDocument.Parse(body.ToArray());
                if (document.RootElement is { ValueKind: JsonValueKind.Object } root
                    && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    if (error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) code ??= c.GetString();
                    if (error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString();
                }
            }
            catch (JsonException)
            {
                // Not the plugin's body (another server answered): quoted raw below.
            }
            if (message is null)
                raw = PayloadPreview.Of(body, 300);
        }
        return new ServerRefusal(status, code, message, raw);
    }

    /// <summary>Reads the body of a refusal response, at most <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<ServerRefusal> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headerCode = response.Headers.TryGetValues(ErrorHeader, out var values) ? values.FirstOrDefault() : null;
        byte[] body;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            body = await ReadAtMostAsync(stream, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            body = [];
        }
        return From((int)response.StatusCode, headerCode, body);
    }

    /// <summary>Whether the server refused the credentials or the origin (as opposed to, say, a wrong path).</summary>
    public bool IsAuthenticationFailure => Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden;

    /// <summary>
    /// The whole message: what was refused, the server's own words, and how to fix it.
    /// </summary>
    /// <param name="what">What was attempted, e.g. <c>the WebSocket connection to ws://…</c>.</param>
    /// <param name="howToPassToken">How this transport is given a token, for the wrong-token hint.</param>
    public string Describe(string what, string howToPassToken)
    {
        var text = new StringBuilder();
        text.Append("The Vite server refused ").Append(what).Append(": ").Append(Status);
        if (Enum.IsDefined(typeof(HttpStatusCode), Status)) text.Append(' ').Append((HttpStatusCode)Status);
        if (Code is not null) text.Append(' ').Append(Code);
        if (ServerMessage is not null) text.Append(" \"").Append(ServerMessage).Append('"');
        else if (RawBody is not null) text.Append(" (body: ").Append(RawBody).Append(')');
        text.Append(". ");
        text.Append(Fix(howToPassToken));
        return text.ToString();
    }

    private string Fix(string howToPassToken)
    {
        if (Code == "ERR_UNAUTHORIZED" || (Code is null && Status == 401))
            return "The token must be the one this Vite server wrote to its connection file, <project root>/node_modules/.runner-extensible/<environment>.json "
                + "(a new random token each time Vite starts, unless RUNNER_EXTENSIBLE_TOKEN is set); read it from there, " + howToPassToken + ".";
        if (Code == "ERR_FORBIDDEN_ORIGIN")
            return "Requests with an Origin header from another site are refused; do not send an Origin header, or list that origin in the plugin's allowedOrigins option.";
        if (Code == "ERR_ENVIRONMENT_NOT_READY")
            return "The server is still starting or is shutting down; try again.";
        if (Code == "ERR_UNKNOWN_CONNECTION")
            return "The server no longer knows this event stream (it restarted or closed it); the transport reopens the stream, after which sending works again.";
        if (Code == "ERR_PAYLOAD_TOO_LARGE")
            return "The message is larger than the server accepts; raise the plugin's maxPayloadBytes option.";
        if (Code == "ERR_MALFORMED_PAYLOAD")
            return "The server could not read the message as a Vite payload; please report this with the server's log.";
        if (Status == 404)
            return "Check that vite.config adds runnerExtensible() and that the URL's path is the plugin's endpoint (default /@runner-extensible/ws for WebSocket, /@runner-extensible/http for HTTP).";
        return "See the Vite server's log for details.";
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        var total = 0;
        while (total < limit)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return buffer[..total];
    }
}
