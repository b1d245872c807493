namespace Runner.Extensible.Samples.Ssr.Vite;

/// <summary>Where and how the sample starts the Vite dev server (configuration section <c>Vite</c>).</summary>
public sealed class ViteDevServerOptions
{
    /// <summary>The Vite project (vite.config.ts, src/). Default: <c>ClientApp</c> under the content root.</summary>
    public string? Root { get; set; }

    /// <summary>The loopback port Vite listens on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The Node.js executable.</summary>
    public string NodePath { get; set; } = "node";

    /// <summary>How long Vite may take to start (until the plugin writes its connection file).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long Vite may take to close after its stdin ends, before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
