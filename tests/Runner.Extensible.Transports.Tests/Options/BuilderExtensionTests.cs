using System.Composition.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runner.Extensible.Transports.Http;
using Runner.Extensible.Transports.Stdio;
using Runner.Extensible.Transports.Tests.Support;
using Runner.Extensible.Transports.WebSockets;

namespace Runner.Extensible.Transports.Tests.Options;

/// <summary>The <c>Use*</c> overload ladders, option defaults and validation, and the discovery exports.</summary>
public sealed class BuilderExtensionTests : IAsyncLifetime
{
    private readonly TestRunnerBuilder _builder = new("named-runner");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _builder.DisposeAsync();

    [Fact]
    public void Defaults_match_vites_runner()
    {
        new WebSocketTransportOptions().InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(60));
        new WebSocketTransportOptions().PingInterval.ShouldBe(TimeSpan.FromSeconds(30));
        new HttpTransportOptions().InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(60));
        new StdioTransportOptions().InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(60));
        new StdioTransportOptions().NodePath.ShouldBe("node");
    }

    [Fact]
    public void UseWebSocket_with_url_and_token_fills_the_transport_slot()
    {
        _builder.UseWebSocket("ws://127.0.0.1:5173/@runner-extensible/ws", "secret");

        _builder.RunnerOptions.Transport!.DisplayName.ShouldBe("WebSocket");
        var transport = _builder.CreateTransport<IDuplexTransport>();
        transport.DisplayName.ShouldBe("websocket ws://127.0.0.1:5173/@runner-extensible/ws");
        transport.ShouldNotBeAssignableTo<IInvokeTransport>();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5173/@runner-extensible/ws", "must use ws:// or wss://")]
    [InlineData("ws://127.0.0.1:5173/@runner-extensible/ws?token=abc", "must not have a query")]
    [InlineData("not a url", "is not an absolute URL")]
    public void UseWebSocket_rejects_a_bad_url_at_once(string url, string expected)
    {
        Should.Throw<ArgumentException>(() => _builder.UseWebSocket(url, "secret")).Message.ShouldContain(expected);
    }

    [Fact]
    public void UseHttp_rejects_a_websocket_url_and_a_token_with_spaces_at_once()
    {
        Should.Throw<ArgumentException>(() => _builder.UseHttp("ws://127.0.0.1:5173/x", "secret")).Message.ShouldContain("must use http:// or https://");
        Should.Throw<ArgumentException>(() => _builder.UseHttp("http://127.0.0.1:5173/x", "two words")).Message.ShouldContain("must not contain white space");
    }

    [Fact]
    public void Invalid_options_fail_when_the_runner_is_created_with_every_reason()
    {
        _builder.UseWebSocket(o =>
        {
            o.Url = new Uri("ws://127.0.0.1:1/x");
            o.ConnectionFile = "also.json";
            o.InvokeTimeout = TimeSpan.FromSeconds(-1);
            o.ReconnectDelay = TimeSpan.FromSeconds(5);
            o.MaxReconnectDelay = TimeSpan.FromSeconds(1);
            o.ReconnectJitter = 2;
            o.MaxInboundMessageBytes = 10;
        });

        var invalid = Should.Throw<OptionsValidationException>(() => _builder.CreateTransport<IDuplexTransport>());

        invalid.Failures.ShouldContain(f => f.Contains("set either Url (with Token) or ConnectionFile, not both"));
        invalid.Failures.ShouldContain(f => f.Contains("WebSocketTransportOptions.Token is required with Url"));
        invalid.Failures.ShouldContain(f => f.Contains("WebSocketTransportOptions.InvokeTimeout must be positive"));
        invalid.Failures.ShouldContain(f => f.Contains("MaxReconnectDelay (00:00:01) must not be smaller than ReconnectDelay (00:00:05)"));
        invalid.Failures.ShouldContain(f => f.Contains("ReconnectJitter must be between 0 and 1"));
        invalid.Failures.ShouldContain(f => f.Contains("MaxInboundMessageBytes must be at least 1024"));
    }

    [Fact]
    public void A_later_use_replaces_the_earlier_transport_and_the_connection_file_replaces_the_url()
    {
        _builder.UseWebSocket("ws://127.0.0.1:5173/@runner-extensible/ws", "secret");
        _builder.UseWebSocketFromConnectionFile("app/node_modules/.runner-extensible/dotnet.json");

        var transport = _builder.CreateTransport<IDuplexTransport>();
        transport.DisplayName.ShouldBe("websocket (connection file " + Path.GetFullPath("app/node_modules/.runner-extensible/dotnet.json") + ")");

        _builder.UseHttp("http://127.0.0.1:5173/@runner-extensible/http", "secret");
        _builder.RunnerOptions.Transport!.DisplayName.ShouldBe("HTTP");
    }

    [Fact]
    public void Each_named_runner_has_its_own_options()
    {
        var other = new TestRunnerBuilderView("other-runner", _builder.Services);
        _builder.UseHttp("http://127.0.0.1:5173/@runner-extensible/http", "one");
        other.UseHttp("http://127.0.0.1:6000/@runner-extensible/http", "two");

        var provider = _builder.Services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<HttpTransportOptions>>();
        monitor.Get("named-runner").BaseUrl!.Port.ShouldBe(5173);
        monitor.Get("other-runner").BaseUrl!.Port.ShouldBe(6000);
        monitor.Get("other-runner").Token.ShouldBe("two");
    }

    [Fact]
    public void Options_bind_from_configuration_for_the_parameterless_overload()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vite:Url"] = "ws://127.0.0.1:7000/@runner-extensible/ws",
            ["Vite:Token"] = "from-config",
            ["Vite:InvokeTimeout"] = "00:00:05",
        }).Build();
        _builder.Services.Configure<WebSocketTransportOptions>(_builder.Name, configuration.GetSection("Vite"));

        _builder.UseWebSocket();

        var transport = _builder.CreateTransport<IDuplexTransport>();
        transport.DisplayName.ShouldBe("websocket ws://127.0.0.1:7000/@runner-extensible/ws");
        transport.InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void UseStdio_with_a_root_resolves_it_and_sets_the_timeout_from_options()
    {
        _builder.UseStdio(Path.GetTempPath());
        _builder.UseStdio(o => o.InvokeTimeout = TimeSpan.FromSeconds(9));

        var transport = _builder.CreateTransport<IDuplexTransport>();
        transport.DisplayName.ShouldBe("stdio " + Path.GetFullPath(Path.GetTempPath()));
        transport.InvokeTimeout.ShouldBe(TimeSpan.FromSeconds(9));
    }

    [Fact]
    public void The_discovery_exports_are_found_by_System_Composition_and_use_their_transport()
    {
        var assemblies = new[] { typeof(WebSocketTransportPlugin).Assembly, typeof(HttpTransportPlugin).Assembly, typeof(StdioTransportPlugin).Assembly };
        using var container = new ContainerConfiguration().WithAssemblies(assemblies).CreateContainer();

        var exports = container.GetExports<Lazy<IModuleRunnerPlugin, IDictionary<string, object>>>().ToList();

        exports.Select(e => (string)e.Metadata["Name"]).OrderBy(n => n).ShouldBe([
            "Runner.Extensible.Transports.Http",
            "Runner.Extensible.Transports.Stdio",
            "Runner.Extensible.Transports.WebSocket",
        ]);
        exports.ShouldAllBe(e => (string)e.Metadata["Kind"] == "transport");
        foreach (var (name, slot) in new[] { ("Runner.Extensible.Transports.WebSocket", "WebSocket"), ("Runner.Extensible.Transports.Http", "HTTP"), ("Runner.Extensible.Transports.Stdio", "stdio") })
        {
            exports.Single(e => (string)e.Metadata["Name"] == name).Value.Configure(_builder);
            _builder.RunnerOptions.Transport!.DisplayName.ShouldBe(slot);
        }
    }

    /// <summary>A second runner builder over the same services.</summary>
    private sealed class TestRunnerBuilderView(string name, IServiceCollection services) : IModuleRunnerBuilder
    {
        public string Name { get; } = name;

        public IServiceCollection Services { get; } = services;
    }
}
