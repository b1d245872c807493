namespace Runner.Extensible.Conformance.Tests.Breakages;

/// <summary>For every broken plugin, the kit test of the guarantee it breaks fails (and does not skip).</summary>
public sealed class KitCatchesBreakageTests
{
    [Theory]
    [MemberData(nameof(BreakageCatalog.Labels), MemberType = typeof(BreakageCatalog))]
    public async Task The_guarantee_test_fails_for_the_broken_plugin(string label)
    {
        var breakage = BreakageCatalog.Find(label);
        if (breakage.Unavailable is { } why) Assert.Skip(why);
        var failure = await KitTestInvoker.RunAsync(breakage.CreateSuite(), breakage.GuaranteeId, TimeSpan.FromSeconds(30));
        failure.ShouldNotBeNull($"the kit's {breakage.GuaranteeId} test passed for a plugin that breaks it ({breakage.Name})");
        KitTestInvoker.IsSkip(failure).ShouldBeFalse($"the kit's {breakage.GuaranteeId} test skipped for {breakage.Name} instead of failing: {failure.Message}");
        TestContext.Current.SendDiagnosticMessage($"{label}: {failure.GetType().Name}: {failure.Message}");
    }
}
