namespace Runner.Extensible.Templates.Tests;

/// <summary>
/// Every template, with each of its options, generates a solution that builds with warnings as errors against the
/// packages packed from this repository and whose tests, which inherit the conformance kit, run and pass.
/// </summary>
public sealed class TemplateTests(TemplatePack pack) : IClassFixture<TemplatePack>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Stands for the packed version in a case's options.</summary>
    private const string PackedVersion = "{packed-version}";

    /// <summary>Template, project name, options (space-separated), and the kit suite whose tests must be among those that passed (a guarantee id prefix).</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "runner-evaluator", "Acme.TimedEvaluator", "", "EVAL0" },
        // The version option is given explicitly once; the other cases use the default stamped into the pack.
        { "runner-transport", "Acme.TrafficLog", "--runner-version " + PackedVersion, "TRN0" },
        { "runner-plugin", "Acme.HmrLog", "--kind logger", "HMRL0" },
        { "runner-plugin", "Acme.ImportMetaMembers", "--kind import-meta", "IMF0" },
        { "runner-plugin", "Acme.SourceMapFiles", "--kind interceptor", "SMI0" },
        { "runner-plugin", "Acme.InvokeMetrics", "--kind step", "REG0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_generated_solution_builds_with_warnings_as_errors_and_passes_its_conformance_kit(string template, string name, string options, string kitSuite)
    {
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"pack {pack.Version} (packed and installed in {pack.PackTook.TotalSeconds:F0} s, shared by every case)");
        var folder = Path.Combine(pack.Output, name);

        var optionList = options.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(o => o == PackedVersion ? pack.Version : o);
        var created = await Dotnet(pack.Output, TimeSpan.FromMinutes(2), ["new", template, "-n", name, "-o", folder, "--debug:custom-hive", pack.Hive, .. optionList]);
        output.WriteLine($"dotnet new: {created.Took.TotalSeconds:F1} s");
        File.ReadAllText(Path.Combine(folder, "Directory.Packages.props")).ShouldContain($"<RunnerExtensibleVersion>{pack.Version}</RunnerExtensibleVersion>");
        File.Exists(Path.Combine(folder, "README.md")).ShouldBeTrue("every template generates a README");

        var built = await Dotnet(folder, BuildTimeout, ["build", "-warnaserror", "-nologo", "-clp:ErrorsOnly", "--disable-build-servers"]);
        output.WriteLine($"dotnet build -warnaserror: {built.Took.TotalSeconds:F1} s");

        var results = Path.Combine(folder, "TestResults");
        var tested = await Dotnet(folder, TestTimeout, ["test", "--no-build", "-nologo", "--logger", "trx", "--results-directory", results]);
        var counts = TestRunCounts.Read(results);
        output.WriteLine($"dotnet test: {tested.Took.TotalSeconds:F1} s, {counts.Passed} passed, {counts.Failed} failed, {counts.Skipped} skipped");

        counts.Failed.ShouldBe(0);
        counts.Passed.ShouldBeGreaterThan(0, "the generated tests did not run");
        counts.PassedTests.ShouldContain(t => t.Contains("." + kitSuite, StringComparison.Ordinal), $"no test of the kit's {kitSuite}* suite passed");
        counts.PassedTests.ShouldContain(t => t.Contains(".REG0", StringComparison.Ordinal), "no test of the kit's registration suite passed");
        counts.PassedTests.ShouldContain(t => t.Contains(".Every_plugin_in_the_assembly_inherits_its_conformance_kit", StringComparison.Ordinal), "the kit's compliance test did not pass");
    }

    private Task<ProcessRun> Dotnet(string workingDirectory, TimeSpan timeout, string[] arguments) =>
        ProcessRun.StartAsync("dotnet", arguments, workingDirectory, pack.Environment, timeout).ContinueWith(t => t.Result.ShouldSucceed());
}
