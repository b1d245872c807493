namespace Runner.Extensible.Conformance.Tests.Compliance;

/// <summary>The compliance check reports the kits a test assembly fails to inherit.</summary>
public sealed class ConformanceComplianceTests
{
    private static readonly System.Reflection.Assembly TestPlugin = typeof(Runner.Extensible.TestPlugin.TestPlugin).Assembly;

    [Fact]
    public void An_evaluator_without_an_evaluator_suite_is_reported()
    {
        // The test plugin has an evaluator (TinyEvaluator); this assembly subclasses the evaluator suite only with a non-public class.
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, typeof(ConformanceComplianceTests).Assembly);
        missing.ShouldContain(m => m.Contains("EvaluatorConformanceTests<TFixture>", StringComparison.Ordinal) && m.Contains("non-public", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exported_plugin_without_a_registration_suite_is_reported()
    {
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, typeof(ConformanceComplianceTests).Assembly);
        missing.ShouldContain(m => m.Contains("exports the plugin TestPlugin", StringComparison.Ordinal) && m.Contains("PluginRegistrationConformanceTests", StringComparison.Ordinal));
    }

    [Fact]
    public void A_logger_whose_suite_is_inherited_is_not_reported()
    {
        // The test plugin's PluginHmrLogger is an IHmrLogger, and this assembly has public HMR logger suites.
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, typeof(ConformanceComplianceTests).Assembly);
        missing.ShouldNotContain(m => m.Contains("IHmrLogger", StringComparison.Ordinal));
        missing.Count.ShouldBe(2, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void An_assembly_without_tests_misses_every_suite_its_plugin_needs()
    {
        // The kit's own assembly has no suite subclasses; the test plugin needs the evaluator, HMR logger and registration suites.
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, typeof(ConformanceCompliance).Assembly);
        missing.Count.ShouldBe(3, string.Join(Environment.NewLine, missing));
    }
}
