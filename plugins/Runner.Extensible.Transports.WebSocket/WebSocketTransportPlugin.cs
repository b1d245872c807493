namespace Runner.Extensible.Transports.WebSockets;

/// <summary>
/// Discovery export of the WebSocket transport: a runner that finds this plugin uses
/// <see cref="WebSocketTransportBuilderExtensions.UseWebSocket(IModuleRunnerBuilder)"/> with its named
/// <see cref="WebSocketTransportOptions"/> (bind them from configuration, or leave them empty to read the connection
/// file under the current directory).
/// </summary>
[ModuleRunnerPlugin("Runner.Extensible.Transports.WebSocket", Kind = "transport")]
public sealed class WebSocketTransportPlugin : IModuleRunnerPlugin
{
    /// <inheritdoc />
    public void Configure(IModuleRunnerBuilder builder) => builder.UseWebSocket();
}
