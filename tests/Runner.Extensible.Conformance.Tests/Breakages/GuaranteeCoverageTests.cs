using System.Reflection;
using System.Text.RegularExpressions;

namespace Runner.Extensible.Conformance.Tests.Breakages;

/// <summary>The guarantee ids of the kit's tests, GUARANTEES.md and the broken plugins agree.</summary>
public sealed partial class GuaranteeCoverageTests
{
    private static readonly Type[] Suites =
    [
        typeof(EvaluatorConformanceTests<>), typeof(TransportConformanceTests<>), typeof(SourceMapInterceptorConformanceTests<>),
        typeof(ImportMetaFactoryConformanceTests<>), typeof(HmrLoggerConformanceTests<>), typeof(PluginRegistrationConformanceTests<>),
    ];

    private static IReadOnlyList<(string Id, MethodInfo Test)> KitTests =>
        Suites.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .Select(m => (m.GetCustomAttribute<GuaranteeAttribute>()?.Id ?? "", m))
            .ToArray();

    [Fact]
    public void Every_kit_test_has_a_unique_guarantee_id_that_starts_its_name()
    {
        KitTests.Count.ShouldBeGreaterThan(60, "the suites' tests were not found");
        foreach (var (id, test) in KitTests)
        {
            id.ShouldMatch(@"^(EVAL|TRN|SMI|IMF|HMRL|REG)-\d{3}$", $"{test.DeclaringType!.Name}.{test.Name} has no [Guarantee] id");
            test.Name.ShouldStartWith(id.Replace("-", "", StringComparison.Ordinal) + "_", Case.Sensitive, $"{test.Name} does not start with its id");
            test.IsVirtual.ShouldBeTrue($"{test.Name} is not virtual, so a plugin cannot override it where it legitimately differs");
        }
        KitTests.GroupBy(t => t.Id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("ids used by more than one test");
    }

    [Fact]
    public void GUARANTEES_md_lists_exactly_the_kit_tests()
    {
        var listed = GuaranteeRow().Matches(File.ReadAllText(GuaranteesFile())).Select(m => m.Groups["id"].Value).ToArray();
        listed.Distinct().Count().ShouldBe(listed.Length, "an id is listed twice");
        listed.Order().ShouldBe(KitTests.Select(t => t.Id).Order(), "GUARANTEES.md and the kit's tests disagree");
    }

    [Fact]
    public void Every_guarantee_has_a_broken_plugin_the_kit_catches()
    {
        var broken = BreakageCatalog.All.Select(b => b.GuaranteeId).ToHashSet();
        KitTests.Select(t => t.Id).Where(id => !broken.Contains(id)).ShouldBeEmpty("guarantees without a broken plugin in the self-tests");
        BreakageCatalog.All.Select(b => b.Label).Distinct().Count().ShouldBe(BreakageCatalog.All.Count, "two broken plugins share a label");
    }

    private static string GuaranteesFile()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, "src", "Runner.Extensible.Conformance", "GUARANTEES.md");
            if (File.Exists(file)) return file;
        }
        throw new FileNotFoundException("src/Runner.Extensible.Conformance/GUARANTEES.md was not found above the test binaries.");
    }

    [GeneratedRegex(@"^\| (?<id>(EVAL|TRN|SMI|IMF|HMRL|REG)-\d{3}) \|", RegexOptions.Multiline)]
    private static partial Regex GuaranteeRow();
}
