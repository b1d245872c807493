using System.Xml.Linq;

namespace Runner.Extensible.Templates.Tests;

/// <summary>What a generated project's <c>dotnet test</c> reported in its trx files: the counters and the names of the tests that passed.</summary>
internal sealed record TestRunCounts(int Total, int Executed, int Passed, int Failed, IReadOnlyList<string> PassedTests)
{
    /// <summary>Tests that neither passed nor failed: xunit's skips.</summary>
    public int Skipped => Total - Executed;

    /// <summary>Adds up every trx file in a folder.</summary>
    public static TestRunCounts Read(string resultsDirectory)
    {
        int total = 0, executed = 0, passed = 0, failed = 0;
        var passedTests = new List<string>();
        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories))
        {
            var trx = XDocument.Load(file);
            XNamespace ns = trx.Root!.Name.Namespace;
            var counters = trx.Descendants(ns + "Counters").Single();
            total += (int?)counters.Attribute("total") ?? 0;
            executed += (int?)counters.Attribute("executed") ?? 0;
            passed += (int?)counters.Attribute("passed") ?? 0;
            failed += (int?)counters.Attribute("failed") ?? 0;
            passedTests.AddRange(trx.Descendants(ns + "UnitTestResult")
                .Where(r => (string?)r.Attribute("outcome") == "Passed")
                .Select(r => (string?)r.Attribute("testName") ?? ""));
        }
        return new TestRunCounts(total, executed, passed, failed, passedTests);
    }
}
