using Runner.Extensible.Conformance.Tests.Evaluation;
using Runner.Extensible.Conformance.Tests.Hmr;
using Runner.Extensible.Conformance.Tests.Registration;

namespace Runner.Extensible.Conformance.Tests.Compliance;

/// <summary>
/// The compliance check reports the kits a test project fails to inherit. The plugin is the core's test plugin
/// (an evaluator, an HMR logger, an invoke step, and the exported plugin class); the "test projects" are lists of classes.
/// </summary>
public sealed class ConformanceComplianceTests
{
    private static readonly System.Reflection.Assembly TestPlugin = typeof(Runner.Extensible.TestPlugin.TestPlugin).Assembly;

    [Fact]
    public void A_test_project_without_suites_misses_every_suite_its_plugin_needs()
    {
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, [typeof(ConformanceComplianceTests)], "tests");
        missing.Count.ShouldBe(3, string.Join(Environment.NewLine, missing));
        missing.ShouldContain(m => m.Contains("IModuleEvaluator (TinyEvaluator)", StringComparison.Ordinal) && m.Contains("EvaluatorConformanceTests<TFixture>", StringComparison.Ordinal));
        missing.ShouldContain(m => m.Contains("IHmrLogger (PluginHmrLogger)", StringComparison.Ordinal) && m.Contains("HmrLoggerConformanceTests<TFixture>", StringComparison.Ordinal));
        missing.ShouldContain(m => m.Contains("exports the plugin TestPlugin", StringComparison.Ordinal) && m.Contains("PluginRegistrationConformanceTests", StringComparison.Ordinal));
    }

    [Fact]
    public void An_inherited_suite_is_not_reported()
    {
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, [typeof(DefaultHmrLoggerConformance)], "tests");
        missing.ShouldNotContain(m => m.Contains("IHmrLogger", StringComparison.Ordinal));
        missing.Count.ShouldBe(2, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void A_suite_inherited_only_by_a_class_xunit_does_not_run_is_reported()
    {
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, [typeof(BrokenEvaluatorSuite)], "tests");
        missing.ShouldContain(m => m.Contains("EvaluatorConformanceTests<TFixture>", StringComparison.Ordinal) && m.Contains("non-public", StringComparison.Ordinal));
    }

    [Fact]
    public void A_registration_suite_for_another_plugin_does_not_count()
    {
        // The reference registration suite's fixture names an emitted plugin, not the test plugin.
        var missing = ConformanceCompliance.FindMissingSuites(TestPlugin, [typeof(ReferencePluginRegistration)], "tests");
        missing.ShouldContain(m => m.Contains("exports the plugin TestPlugin", StringComparison.Ordinal));
    }

    [Fact]
    public void The_public_check_reads_the_test_assembly()
    {
        // The kit's own assembly subclasses no suite.
        ConformanceCompliance.FindMissingSuites(TestPlugin, typeof(ConformanceCompliance).Assembly).Count.ShouldBe(3);
    }
}
