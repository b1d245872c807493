using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Company.RunnerTransport.Tests;

/// <summary>What the wrapper adds: contracts mirrored, traffic logged and counted, and how it finds the transport it wraps.</summary>
public sealed class TrafficLoggingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> Flavours => ["invoke", "duplex", "invoke+duplex"];

    [Theory]
    [MemberData(nameof(Flavours))]
    public void The_wrapper_implements_exactly_the_contracts_of_the_transport_it_wraps(string flavour)
    {
        var inner = Create(flavour, new FakeViteServer());

        var wrapper = LoggingTransport.Wrap(inner, new TrafficLoggingOptions(), new CapturingLoggerFactory().CreateLogger("test"));

        (wrapper is IInvokeTransport).ShouldBe(inner is IInvokeTransport);
        (wrapper is IDuplexTransport).ShouldBe(inner is IDuplexTransport);
        wrapper.DisplayName.ShouldBe(inner.DisplayName, "errors keep naming the real connection");
    }

    [Fact]
    public async Task Payloads_both_ways_are_logged_counted_and_passed_on_unchanged()
    {
        var logs = new CapturingLoggerFactory();
        var inner = InMemoryTransport.Duplex(new FakeViteServer(), "memory");
        var wrapper = (IDuplexTransport)LoggingTransport.Wrap(inner, new TrafficLoggingOptions { PayloadCharacters = 30 }, logs.CreateLogger("test"));
        var runner = new RecordingHandler();

        await wrapper.ConnectAsync(runner, Cancellation);
        inner.Push(new CustomPayload("app:greeting", JsonDocument.Parse("""{"text":"hello from the server"}""").RootElement));
        await wrapper.SendAsync(new CustomPayload("app:reply", JsonDocument.Parse("\"hi\"").RootElement), Cancellation);
        await wrapper.DisconnectAsync(Cancellation);

        runner.Events.ShouldBe([
            "message {\"type\":\"connected\"}",
            "message {\"type\":\"custom\",\"event\":\"app:greeting\",\"data\":{\"text\":\"hello from the server\"}}",
        ]);
        inner.RunnerPayloads.ShouldHaveSingleItem().ShouldContain("app:reply");
        logs.Messages.ShouldBe([
            "Received connected through memory: {\"type\":\"connected\"}",
            "Connected memory",
            "Received custom app:greeting through memory: {\"type\":\"custom\",\"event\":\"app:…",
            "Sent custom app:reply through memory: {\"type\":\"custom\",\"event\":\"app:…",
            "Closed memory after sending 1 and receiving 2 payloads and 0 calls (0 failed)",
        ]);
    }

    [Fact]
    public async Task Calls_through_the_transports_own_invoke_are_logged_with_their_outcome()
    {
        var logs = new CapturingLoggerFactory();
        var inner = InMemoryTransport.Invoke(new FakeViteServer(), "memory");
        var wrapper = LoggingTransport.Wrap(inner, new TrafficLoggingOptions { MessageLevel = LogLevel.Information }, logs.CreateLogger("test"));
        var invoke = (IInvokeTransport)wrapper;

        var builtins = await invoke.InvokeAsync(new InvokeRequest("getBuiltins", "send", JsonDocument.Parse("[]").RootElement), Cancellation);
        var unknown = await invoke.InvokeAsync(new InvokeRequest("noSuchMethod", "send", JsonDocument.Parse("[]").RootElement), Cancellation);
        await wrapper.DisposeAsync();

        builtins.IsError.ShouldBeFalse();
        unknown.IsError.ShouldBeTrue("a server error is returned, not thrown, as the contract says");
        logs.Entries.Where(e => e.Message.StartsWith("Called", StringComparison.Ordinal)).Select(e => (e.Level, Outcome: e.Message[e.Message.LastIndexOf('(')..]))
            .ShouldBe([(LogLevel.Information, "(ok)"), (LogLevel.Information, "(server error)")]);
        logs.Messages[^1].ShouldBe("Closed memory after sending 0 and receiving 0 payloads and 2 calls (1 failed)");
    }

    [Fact]
    public async Task A_lost_connection_and_its_return_reach_the_runner_and_the_log()
    {
        var logs = new CapturingLoggerFactory();
        var inner = InMemoryTransport.Duplex(new FakeViteServer(), "memory");
        var wrapper = (IDuplexTransport)LoggingTransport.Wrap(inner, new TrafficLoggingOptions(), logs.CreateLogger("test"));
        var runner = new RecordingHandler();
        await wrapper.ConnectAsync(runner, Cancellation);

        inner.LoseConnection(new IOException("socket closed"));
        inner.Reconnect();

        runner.Events.ShouldContain("disconnected socket closed");
        runner.Events.ShouldContain("reconnected");
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message == "Lost the connection of memory" && e.Exception!.Message == "socket closed");
        logs.Messages.ShouldContain("Reconnected memory");
        logs.Messages.ShouldContain("Received connected through memory", "payload JSON is logged only when asked for");
    }

    [Fact]
    public void The_transport_the_slot_ends_up_with_is_wrapped_whatever_the_call_order()
    {
        var inner = InMemoryTransport.Duplex(new FakeViteServer(), "memory");
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b
            .UseTransport("first", _ => throw new InvalidOperationException("replaced"))
            .UseTrafficLogging()
            .UseTransport("memory", _ => inner)
            .UseTrafficLogging());
        using var provider = services.BuildServiceProvider();

        var slot = Options(provider, "ssr").Transport.ShouldNotBeNull();
        slot.DisplayName.ShouldBe("memory (logged)");
        slot.Factory(provider).ShouldBeAssignableTo<LoggingTransport>().ShouldNotBeNull().Inner.ShouldBeSameAs(inner);
    }

    [Fact]
    public void Without_a_transport_to_wrap_the_runner_fails_to_start_with_the_fix()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner(b => b.UseTrafficLogging());
        using var provider = services.BuildServiceProvider();

        var slot = Options(provider, Microsoft.Extensions.Options.Options.DefaultName).Transport.ShouldNotBeNull();
        Should.Throw<InvalidOperationException>(() => slot.Factory(provider)).Message
            .ShouldBe("UseTrafficLogging() logs the transport of the default runner, but it has none; configure one as well, for example builder.UseWebSocket(…).UseTrafficLogging().");
    }

    [Fact]
    public void A_negative_payload_length_fails_where_it_is_configured_and_names_the_fix()
    {
        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddModuleRunner(b => b.UseTrafficLogging(o => o.PayloadCharacters = -1)));
        error.Message.ShouldContain("TrafficLoggingOptions.PayloadCharacters is -1");
    }

    [Fact]
    public void A_level_bound_from_configuration_is_validated_when_the_runner_reads_it()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b.UseTrafficLogging());
        services.Configure<TrafficLoggingOptions>("ssr", o => o.MessageLevel = (LogLevel)42);
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<TrafficLoggingOptions>>().Get("ssr"))
            .Message.ShouldContain("TrafficLoggingOptions.MessageLevel is 42");
    }

    private static IModuleRunnerTransport Create(string flavour, FakeViteServer server) => flavour switch
    {
        "invoke" => InMemoryTransport.Invoke(server, "memory"),
        "duplex" => InMemoryTransport.Duplex(server, "memory"),
        _ => InMemoryTransport.InvokeAndDuplex(server, "memory"),
    };

    // The runner's options as the builder calls left them, without the runner's own validation (no evaluator here).
    private static ModuleRunnerOptions Options(IServiceProvider provider, string name) =>
        new OptionsFactory<ModuleRunnerOptions>(
            provider.GetServices<IConfigureOptions<ModuleRunnerOptions>>(),
            provider.GetServices<IPostConfigureOptions<ModuleRunnerOptions>>()).Create(name);
}
