namespace Runner.Extensible.Conformance.Tests.Transports;

/// <summary>A loopback transport against the in-process server: the suite's self-test without Node.</summary>
public abstract class LoopbackFixture(LoopbackFlavor flavor, LoopbackFaults? faults = null) : TransportConformanceFixture
{
    public override Task<ConformanceViteServer> StartServerAsync() => Task.FromResult<ConformanceViteServer>(new LoopbackViteServer());

    public override bool SupportsPush => flavor != LoopbackFlavor.Invoke;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder)
    {
        var connection = Server;
        builder.UseTransport("loopback", _ => LoopbackTransport.Create(connection, flavor, faults));
    }
}

public sealed class LoopbackDuplexFixture() : LoopbackFixture(LoopbackFlavor.Duplex);

public sealed class LoopbackInvokeFixture() : LoopbackFixture(LoopbackFlavor.Invoke);

public sealed class LoopbackInvokeDuplexFixture() : LoopbackFixture(LoopbackFlavor.InvokeAndDuplex);

public sealed class LoopbackDuplexConformance(LoopbackDuplexFixture fixture) : TransportConformanceTests<LoopbackDuplexFixture>(fixture);

public sealed class LoopbackInvokeConformance(LoopbackInvokeFixture fixture) : TransportConformanceTests<LoopbackInvokeFixture>(fixture);

public sealed class LoopbackInvokeDuplexConformance(LoopbackInvokeDuplexFixture fixture) : TransportConformanceTests<LoopbackInvokeDuplexFixture>(fixture);
