namespace Runner.Extensible.Transports;

/// <summary>
/// Settings of the HTTP transport (<c>UseHttp(…)</c>): <c>POST &lt;base&gt;/invoke</c> for calls, <c>GET &lt;base&gt;/events</c>
/// (server-sent events) for what the server pushes, <c>POST &lt;base&gt;/send</c> for what the runner sends. Give either
/// <see cref="BaseUrl"/> and <see cref="Token"/>, or <see cref="ConnectionFile"/>; with neither, the connection file of
/// the default environment under the current directory (<c>node_modules/.runner-extensible/dotnet.json</c>) is read.
/// Bindable from configuration (<c>services.Configure&lt;HttpTransportOptions&gt;(runnerName, section)</c>).
/// </summary>
public sealed class HttpTransportOptions
{
    /// <summary>The plugin's HTTP base, for example <c>http://127.0.0.1:5173/@runner-extensible/http</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The server's token (the <c>token</c> of its connection file), sent as <c>Authorization: Bearer</c>.
    /// Required with <see cref="BaseUrl"/>.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The connection file the Vite plugin writes once it listens
    /// (<c>&lt;root&gt;/node_modules/.runner-extensible/&lt;environment&gt;.json</c>). It is read when connecting and on
    /// every reconnect, so a restarted Vite server with a new port or token is found again.
    /// </summary>
    public string? ConnectionFile { get; set; }

    /// <summary>How long one call (<c>POST /invoke</c>) may take. Default 60 s, as Vite's transport timeout.</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long opening the event stream (or any other request's connection) may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the event stream may stay silent before it counts as lost and is reopened. The server writes a
    /// keep-alive comment every 15 s by default. Default 45 s; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan EventStreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Whether a lost event stream is reopened by itself. Default <c>true</c>.</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>Delay before the first reconnect attempt; each further attempt doubles it. Default 0.5 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest delay between reconnect attempts. Default 10 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fraction (0–1) by which each reconnect delay is randomly shortened or lengthened. Default 0.2.</summary>
    public double ReconnectJitter { get; set; } = 0.2;

    /// <summary>
    /// The largest event or invoke response accepted from the server, in bytes; a larger event is logged and dropped
    /// (the stream stays open), a larger response fails its call. Default 64 MiB.
    /// </summary>
    public int MaxInboundMessageBytes { get; set; } = 64 * 1024 * 1024;
}
