using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runner.Extensible.Transports;
using Runner.Extensible.Transports.WebSockets;

namespace Runner.Extensible;

/// <summary>
/// <c>UseWebSocket(…)</c>: connects the runner to the Vite plugin's WebSocket endpoint. Fills the runner's transport
/// slot (a later <c>Use*</c> transport call replaces it). Settings live in the runner's named
/// <see cref="WebSocketTransportOptions"/>, validated when the runner is created.
/// </summary>
public static class WebSocketTransportBuilderExtensions
{
    /// <summary>The transport's name in the runner's slot and in messages.</summary>
    public const string DisplayName = "WebSocket";

    /// <summary>
    /// Uses the WebSocket transport with the runner's named <see cref="WebSocketTransportOptions"/> as configured
    /// elsewhere (for example bound from configuration); with nothing configured, it reads the connection file of the
    /// default environment under the current directory.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseWebSocket(this IModuleRunnerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebSocketTransportOptions>, WebSocketTransportOptionsValidator>());
        var name = builder.Name;
        return builder.UseTransport(DisplayName, services =>
            WebSocketTransport.Create(services.GetRequiredService<IOptionsMonitor<WebSocketTransportOptions>>().Get(name), services));
    }

    /// <summary>Uses the WebSocket transport, configuring its options.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Changes the options (applied after earlier configuration of this runner's options).</param>
    /// <example><code>builder.UseWebSocket(o => { o.ConnectionFile = "app/node_modules/.runner-extensible/dotnet.json"; o.InvokeTimeout = TimeSpan.FromSeconds(30); });</code></example>
    public static IModuleRunnerBuilder UseWebSocket(this IModuleRunnerBuilder builder, Action<WebSocketTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder.UseWebSocket();
    }

    /// <summary>Uses the WebSocket transport with an endpoint URL and the server's token.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="url">The plugin's endpoint, for example <c>ws://127.0.0.1:5173/@runner-extensible/ws</c>.</param>
    /// <param name="token">The <c>token</c> of the server's connection file.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute <c>ws://</c>/<c>wss://</c> URL, or the token is empty.</exception>
    public static IModuleRunnerBuilder UseWebSocket(this IModuleRunnerBuilder builder, string url, string token)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new ArgumentException($"\"{url}\" is not an absolute URL; expected something like ws://127.0.0.1:5173/@runner-extensible/ws.", nameof(url));
        // Checked now rather than at start-up: the caller is right here.
        var probe = new WebSocketTransportOptions { Url = uri, Token = token };
        var failures = WebSocketTransportOptionsValidator.Failures(probe).ToList();
        if (failures.Count > 0) throw new ArgumentException(string.Join(" ", failures));
        return builder.UseWebSocket(o =>
        {
            o.Url = uri;
            o.Token = token;
            o.ConnectionFile = null;
        });
    }

    /// <summary>
    /// Uses the WebSocket transport with the endpoint and token from the Vite plugin's connection file, read again on
    /// every reconnect.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="path">The file, usually <c>&lt;vite root&gt;/node_modules/.runner-extensible/dotnet.json</c>.</param>
    public static IModuleRunnerBuilder UseWebSocketFromConnectionFile(this IModuleRunnerBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return builder.UseWebSocket(o =>
        {
            o.ConnectionFile = full;
            o.Url = null;
            o.Token = null;
        });
    }
}
