namespace Runner.Extensible.Cli.Commands;

/// <summary>How the tool reaches Vite.</summary>
internal enum TransportKind
{
    /// <summary>Starts Vite itself as a <c>node</c> child and talks over its stdin/stdout.</summary>
    Stdio,

    /// <summary>Connects to a running Vite dev server over WebSocket.</summary>
    WebSocket,

    /// <summary>Connects to a running Vite dev server over HTTP (POST and server-sent events).</summary>
    Http,
}
