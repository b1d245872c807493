using Runner.Extensible.Conformance;
using Runner.Extensible.Transports.Http;
using Runner.Extensible.Transports.Stdio;
using Runner.Extensible.Transports.WebSockets;

namespace Runner.Extensible.Transports.Tests.Conformance;

public sealed class WebSocketConformanceFixture : TransportConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseWebSocket(Server.WebSocketUrl.ToString(), Server.Token);
}

public sealed class WebSocketConformance(WebSocketConformanceFixture fixture) : TransportConformanceTests<WebSocketConformanceFixture>(fixture);

public sealed class HttpConformanceFixture : TransportConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseHttp(Server.HttpUrl.ToString(), Server.Token);
}

public sealed class HttpConformance(HttpConformanceFixture fixture) : TransportConformanceTests<HttpConformanceFixture>(fixture);

/// <summary>stdio starts its own Vite on the kit's app: the tests that command the kit's server skip, saying so.</summary>
public sealed class StdioConformanceFixture : TransportConformanceFixture
{
    public override bool UsesTheKitsServer => false;

    // The child is the server: when it is gone the transport reports it and does not start another.
    public override bool SupportsReconnect => false;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseStdio(Server.Root);
}

public sealed class StdioConformance(StdioConformanceFixture fixture) : TransportConformanceTests<StdioConformanceFixture>(fixture);

public sealed class WebSocketRegistrationFixture : PluginRegistrationFixture<WebSocketTransportPlugin>
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseWebSocket();
}

public sealed class WebSocketRegistration(WebSocketRegistrationFixture fixture) : PluginRegistrationConformanceTests<WebSocketRegistrationFixture>(fixture);

public sealed class HttpRegistrationFixture : PluginRegistrationFixture<HttpTransportPlugin>
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseHttp();
}

public sealed class HttpRegistration(HttpRegistrationFixture fixture) : PluginRegistrationConformanceTests<HttpRegistrationFixture>(fixture);

public sealed class StdioRegistrationFixture : PluginRegistrationFixture<StdioTransportPlugin>
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseStdio();
}

public sealed class StdioRegistration(StdioRegistrationFixture fixture) : PluginRegistrationConformanceTests<StdioRegistrationFixture>(fixture);

public sealed class WebSocketKitCompliance : KitCompliance<WebSocketTransportPlugin>;

public sealed class HttpKitCompliance : KitCompliance<HttpTransportPlugin>;

public sealed class StdioKitCompliance : KitCompliance<StdioTransportPlugin>;
