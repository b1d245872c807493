using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>Where to connect and with which token, from the options or (re-read each time) the connection file.</summary>
/// <param name="Url">The WebSocket endpoint.</param>
/// <param name="Token">The bearer token.</param>
/// <param name="ConnectionFile">The file both came from, or <c>null</c> when given directly.</param>
internal sealed record WebSocketEndpoint(Uri Url, string Token, string? ConnectionFile)
{
    /// <summary>The connection file used when the options name neither a URL nor a file.</summary>
    public static string DefaultConnectionFile => Shared.ConnectionFile.DefaultPath(Directory.GetCurrentDirectory());

    /// <summary>Resolves the endpoint; throws <see cref="TransportException"/> when the connection file cannot be used.</summary>
    public static WebSocketEndpoint Resolve(WebSocketTransportOptions options)
    {
        if (options.Url is { } url) return new WebSocketEndpoint(url, options.Token ?? "", null);
        var file = Shared.ConnectionFile.Read(options.ConnectionFile ?? DefaultConnectionFile);
        if (file.WebSocket is null)
            throw new TransportException(
                $"The Vite server described by {file.Path} serves no WebSocket endpoint (the plugin was configured with websocket: false). "
                + "Enable it in vite.config (runnerExtensible({ websocket: { path: ... } })) or use UseHttp(...) instead.");
        return new WebSocketEndpoint(file.WebSocket, file.Token, file.Path);
    }
}
