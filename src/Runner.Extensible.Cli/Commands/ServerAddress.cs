namespace Runner.Extensible.Cli.Commands;

/// <summary>Turns <c>--server</c> into the plugin endpoint of a transport.</summary>
internal static class ServerAddress
{
    /// <summary>The WebSocket endpoint path of vite-plugin-runner-extensible (PROTOCOL.md §4).</summary>
    public const string WebSocketPath = "/@runner-extensible/ws";

    /// <summary>The HTTP base path of vite-plugin-runner-extensible (PROTOCOL.md §5).</summary>
    public const string HttpPath = "/@runner-extensible/http";

    /// <summary>
    /// The endpoint for <paramref name="transport"/>: a bare server address (<c>http://127.0.0.1:5173</c>) gets the
    /// plugin's default path and the transport's scheme; a URL with a path is taken as the endpoint itself. <c>null</c>
    /// when the text is not an absolute http(s) or ws(s) URL.
    /// </summary>
    public static Uri? Parse(string text, TransportKind transport)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss")) return null;
        var secure = uri.Scheme is "https" or "wss";
        var builder = new UriBuilder(uri)
        {
            Scheme = transport == TransportKind.WebSocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http"),
        };
        if (uri.AbsolutePath is "" or "/") builder.Path = transport == TransportKind.WebSocket ? WebSocketPath : HttpPath;
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri;
    }
}
