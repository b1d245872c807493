namespace Runner.Extensible.Transports;

/// <summary>
/// Settings of the WebSocket transport (<c>UseWebSocket(…)</c>). Give either <see cref="Url"/> and <see cref="Token"/>,
/// or <see cref="ConnectionFile"/>; with neither, the connection file of the default environment under the current
/// directory (<c>node_modules/.runner-extensible/dotnet.json</c>) is read. Bindable from configuration
/// (<c>services.Configure&lt;WebSocketTransportOptions&gt;(runnerName, section)</c>).
/// </summary>
public sealed class WebSocketTransportOptions
{
    /// <summary>The plugin's WebSocket endpoint, for example <c>ws://127.0.0.1:5173/@runner-extensible/ws</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// The server's token (the <c>token</c> of its connection file), sent as <c>Authorization: Bearer</c>.
    /// Required with <see cref="Url"/>.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The connection file the Vite plugin writes once it listens
    /// (<c>&lt;root&gt;/node_modules/.runner-extensible/&lt;environment&gt;.json</c>). It is read on every connect and
    /// reconnect, so a restarted Vite server with a new port or token is found again.
    /// </summary>
    public string? ConnectionFile { get; set; }

    /// <summary>How long the runner waits for an RPC response (Vite's <c>transport.timeout</c>). Default 60 s.</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one connection attempt (TCP and WebSocket handshake) may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the runner sends <c>{"type":"ping"}</c> (as Vite's runner does) and a WebSocket ping. Default 30 s;
    /// <see cref="TimeSpan.Zero"/> turns both off.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a WebSocket ping may wait for its pong before the connection counts as lost (and is reconnected).
    /// Default 20 s; <see cref="Timeout.InfiniteTimeSpan"/> never gives up.
    /// </summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether a lost connection is re-established by itself. Default <c>true</c>.</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>Delay before the first reconnect attempt; each further attempt doubles it. Default 0.5 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest delay between reconnect attempts. Default 10 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fraction (0–1) by which each reconnect delay is randomly shortened or lengthened. Default 0.2.</summary>
    public double ReconnectJitter { get; set; } = 0.2;

    /// <summary>
    /// The largest message accepted from the server, in bytes; a larger one is logged and dropped (the connection
    /// stays up). Default 64 MiB.
    /// </summary>
    public int MaxInboundMessageBytes { get; set; } = 64 * 1024 * 1024;
}
