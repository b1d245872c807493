using Runner.Extensible.Conformance.Tests.ImportMeta;

namespace Runner.Extensible.Conformance.Tests.Breakages;

/// <summary>Every broken plugin of the self-tests, by label.</summary>
public static class BreakageCatalog
{
    public static IReadOnlyList<Breakage> All { get; } =
    [
        .. ImportMetaBreakages.All,
        .. Hmr.HmrLoggerBreakages.All,
        .. SourceMaps.SourceMapInterceptorBreakages.All,
        .. Registration.RegistrationBreakages.All,
        .. Evaluation.EvaluatorBreakages.All,
        .. Transports.TransportBreakages.All,
    ];

    public static Breakage Find(string label) => All.Single(b => b.Label == label);

    public static TheoryData<string> Labels => new(All.Select(b => b.Label));
}
