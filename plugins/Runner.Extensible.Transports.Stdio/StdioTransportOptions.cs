namespace Runner.Extensible.Transports;

/// <summary>
/// Settings of the stdio transport (<c>UseStdio(…)</c>): the runner starts
/// <c>node &lt;HostScript&gt; --root &lt;Root&gt; …</c>, which runs Vite in middleware mode with the runner-extensible plugin
/// and speaks newline-delimited JSON over its stdin and stdout. The child's stderr is logged; the child ends with the
/// runner. Bindable from configuration (<c>services.Configure&lt;StdioTransportOptions&gt;(runnerName, section)</c>).
/// </summary>
public sealed class StdioTransportOptions
{
    /// <summary>The Vite project root (where <c>vite.config</c> and <c>node_modules/vite</c> are). Default: the current directory.</summary>
    public string? Root { get; set; }

    /// <summary>The Node.js executable: a name looked up on <c>PATH</c>, or a path. Default <c>node</c>.</summary>
    public string NodePath { get; set; } = "node";

    /// <summary>
    /// The host script. Default: <c>vite-plugin/bin/stdio-host.js</c> next to this transport's assembly (the package
    /// ships it there).
    /// </summary>
    public string? HostScript { get; set; }

    /// <summary>The Vite config file (<c>--config</c>); default: Vite's own lookup in <see cref="Root"/>.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>When <c>false</c>, Vite loads no config file (<c>--no-config</c>). Default <c>true</c>.</summary>
    public bool UseConfigFile { get; set; } = true;

    /// <summary>Vite's mode (<c>--mode</c>), such as <c>development</c>.</summary>
    public string? Mode { get; set; }

    /// <summary>The name of the Vite environment the plugin adds (<c>--environment</c>). Default <c>dotnet</c>.</summary>
    public string? EnvironmentName { get; set; }

    /// <summary>
    /// Whether the runner's evaluator exposes Node's APIs (the plugin then keeps Vite's server defaults: dependencies
    /// externalized, Node builtins external). <c>false</c> passes <c>--no-node-apis</c>. Default <c>true</c>.
    /// </summary>
    public bool NodeApis { get; set; } = true;

    /// <summary>Vite's log level (<c>info</c>, <c>warn</c>, <c>error</c>, <c>silent</c>); Vite's output is logged from stderr.</summary>
    public string? LogLevel { get; set; }

    /// <summary>The largest message the server accepts from the runner (<c>--max-payload-bytes</c>); default the plugin's 16 MiB.</summary>
    public int? MaxPayloadBytes { get; set; }

    /// <summary>
    /// The largest line accepted from the child's stdout, in bytes; a longer one is logged and dropped. Default 64 MiB.
    /// </summary>
    public int MaxInboundMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Extra environment variables for the child (a <c>null</c> value removes one).</summary>
    public IDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?>();

    /// <summary>How long the runner waits for an RPC response (Vite's <c>transport.timeout</c>). Default 60 s.</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long Vite may take to start (until the host writes <c>{"type":"connected"}</c>). Default 60 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the child may take to close Vite and exit after its stdin closes, before its process tree is killed.
    /// Default 5 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a host that exits on its own is started again (after <see cref="RestartDelay"/>, doubling up to
    /// <see cref="MaxRestartDelay"/>), as the WebSocket and HTTP transports reconnect. Default <c>true</c>.
    /// </summary>
    public bool AutoRestart { get; set; } = true;

    /// <summary>Delay before the first restart of a host that exited; each further attempt doubles it. Default 0.5 s.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest delay between restart attempts. Default 10 s.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fraction (0–1) by which each restart delay is randomly shortened or lengthened. Default 0.2.</summary>
    public double RestartJitter { get; set; } = 0.2;

    /// <summary>
    /// How many restarts in a row may fail (the new host exits or times out before it is ready) before the transport
    /// gives up and reports why; a restart that gets the host ready resets the count. A host that cannot find the
    /// <c>vite</c> package is not restarted at all. Default 5.
    /// </summary>
    public int MaxRestartAttempts { get; set; } = 5;
}
