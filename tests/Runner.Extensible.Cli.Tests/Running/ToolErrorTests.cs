using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Running;

/// <summary>What the tool says, in one line with a distinct exit code, when it cannot run the entry at all.</summary>
public sealed class ToolErrorTests
{
    [Fact]
    public async Task A_missing_entry_is_one_line_and_exit_code_66()
    {
        var result = await ToolProcess.RunAsync(RepoPaths.Root, ["run", "examples/hello/src/nope.ts"]);

        result.ExitCode.ShouldBe(66, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.StderrLines.ShouldHaveSingleItem(result.ToString()).Text
            .ShouldBe($"vite-dotnet: error: entry file not found: {Path.Combine(RepoPaths.Example, "src", "nope.ts")}");
    }

    [Theory]
    [InlineData(new[] { "run", "examples/hello/src/main.ts", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "run", "examples/hello/src/main.ts", "--transport", "carrier-pigeon" }, "--transport must be stdio, ws or http")]
    [InlineData(new[] { "run", "examples/hello/src/main.ts", "--server", "http://127.0.0.1:5173", "--token", "t" }, "--server needs --transport ws or http")]
    [InlineData(new[] { "run", "examples/hello/src/main.ts", "-t", "ws", "--token", "t", "--connection-file", "x.json" }, "either --token or --connection-file")]
    [InlineData(new[] { "run", "examples/hello/src/main.ts", "-t", "http", "--server", "not a url", "--token", "t" }, "is not an http(s):// or ws(s):// URL")]
    [InlineData(new[] { "run" }, "Required argument missing")]
    [InlineData(new string[0], "Required command was not provided")]
    public async Task Bad_arguments_are_one_line_and_exit_code_64(string[] arguments, string expected)
    {
        var result = await ToolProcess.RunAsync(RepoPaths.Root, arguments);

        result.ExitCode.ShouldBe(64, result.ToString());
        var line = result.StderrLines.ShouldHaveSingleItem(result.ToString()).Text;
        line.ShouldStartWith("vite-dotnet: error: ");
        line.ShouldContain(expected);
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        var result = await ToolProcess.RunAsync(RepoPaths.Root, ["run", "--help"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (var code in new[] { "64", "66", "67", "68", "69", "70", "130" }) result.Stdout.ShouldContain($"  {code} ");
        result.Stdout.ShouldContain("--watch");
        result.Stdout.ShouldContain("--transport <stdio|ws|http>");
    }

    [Fact]
    public async Task A_project_without_vite_is_one_line_and_exit_code_68()
    {
        // Outside the repository, where no node_modules/vite is above the project.
        var project = Directory.CreateTempSubdirectory("vite-dotnet-novite-");
        try
        {
            File.WriteAllText(Path.Combine(project.FullName, "package.json"), "{}");
            File.WriteAllText(Path.Combine(project.FullName, "main.ts"), "console.log('never runs');");

            var result = await ToolProcess.RunAsync(project.FullName, ["run", "main.ts"]);

            result.ExitCode.ShouldBe(68, result.ToString());
            result.StderrLines.ShouldHaveSingleItem(result.ToString()).Text
                .ShouldBe($"vite-dotnet: error: cannot find the vite package from {project.FullName}; install it there: npm install --save-dev vite@8");
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task No_node_on_path_is_one_line_and_exit_code_67()
    {
        var emptyPath = Directory.CreateTempSubdirectory("vite-dotnet-nopath-");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = emptyPath.FullName,
                // The tool's launcher finds the .NET runtime without PATH.
                ["DOTNET_ROOT"] = DotnetRoot(),
            };
            var result = await ToolProcess.RunAsync(RepoPaths.Root, ["run", "examples/hello/src/main.ts"], environment: environment);

            result.ExitCode.ShouldBe(67, result.ToString());
            result.StderrLines.ShouldHaveSingleItem(result.ToString()).Text.ShouldStartWith("vite-dotnet: error: node is not on PATH");
        }
        finally
        {
            emptyPath.Delete();
        }
    }

    /// <summary>The .NET installation running the tests (<c>shared/Microsoft.NETCore.App/&lt;version&gt;</c> is three levels down).</summary>
    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
}
