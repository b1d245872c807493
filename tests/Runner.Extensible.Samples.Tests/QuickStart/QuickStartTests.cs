using System.Diagnostics;
using System.Reflection;

namespace Runner.Extensible.Samples.Tests.QuickStart;

/// <summary>The README's quick start (<c>samples/Runner.Extensible.Samples.QuickStart</c>) does what the README says.</summary>
public sealed class QuickStartTests
{
    [Fact]
    public async Task The_quick_start_imports_greet_ts_and_prints_its_result()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The sample starts Vite in "examples/hello", relative to the repository root, as the README says to run it.
            WorkingDirectory = Metadata("RepoRoot"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Metadata("QuickStartAssembly"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var output = $"stdout:\n{await stdout}\nstderr:\n{await stderr}";
        process.ExitCode.ShouldBe(0, output);
        (await stdout).Trim().ShouldBe("Hello, .NET!", output);
    }

    private static string Metadata(string key) =>
        typeof(QuickStartTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
