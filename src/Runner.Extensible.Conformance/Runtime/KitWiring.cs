using Runner.Extensible.Conformance.InMemory;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>How the kit fills the runner slots that are not under test.</summary>
internal static class KitWiring
{
    /// <summary>The display name of the transport slot the kit fills.</summary>
    public const string InMemoryTransportName = "conformance kit (in-memory Vite)";

    /// <summary>Fills the evaluator slot with one <see cref="NonExecutingEvaluator"/> and returns it.</summary>
    public static NonExecutingEvaluator UseNonExecutingEvaluator(this IModuleRunnerBuilder builder)
    {
        var evaluator = new NonExecutingEvaluator();
        builder.UseEvaluator(NonExecutingEvaluator.DisplayName, _ => evaluator);
        return evaluator;
    }

    /// <summary>Fills the transport slot with an in-memory duplex transport to <paramref name="server"/>; the holder gets it once created.</summary>
    public static TransportHolder UseInMemoryServer(this IModuleRunnerBuilder builder, FakeViteServer server)
    {
        var holder = new TransportHolder();
        builder.UseTransport(InMemoryTransportName, _ => holder.Transport = InMemoryTransport.Duplex(server, InMemoryTransportName));
        return holder;
    }

    /// <summary>The transport a runner created from the kit's slot.</summary>
    internal sealed class TransportHolder
    {
        public InMemoryDuplexTransport? Transport { get; set; }

        public InMemoryDuplexTransport Created => Transport ?? throw new InvalidOperationException("The runner has not created its transport yet.");
    }
}
