using System.CommandLine;
using Runner.Extensible.Cli.Commands;
using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Commands;

/// <summary>How <c>vite-dotnet run</c> reads its arguments (in-process, no Vite).</summary>
public sealed class RunCommandTests
{
    private static RunSettings Read(string currentDirectory, params string[] arguments)
    {
        var command = new RunCommand();
        var root = new RootCommand { command };
        var parse = root.Parse(["run", .. arguments]);
        parse.Errors.ShouldBeEmpty();
        return command.Read(parse, currentDirectory);
    }

    [Fact]
    public void The_root_defaults_to_the_nearest_folder_with_a_vite_config_and_the_url_is_root_relative()
    {
        var settings = Read(RepoPaths.Root, "examples/hello/src/main.ts");

        settings.Root.ShouldBe(RepoPaths.Example);
        settings.EntryUrl.ShouldBe("/src/main.ts");
        settings.Transport.ShouldBe(TransportKind.Stdio);
        settings.NodeApis.ShouldBeTrue();
    }

    [Fact]
    public void An_entry_outside_the_root_is_imported_by_its_absolute_path()
    {
        var settings = Read(RepoPaths.Root, "examples/hello/src/main.ts", "--root", "tests");

        settings.Root.ShouldBe(Path.Combine(RepoPaths.Root, "tests"));
        settings.EntryUrl.ShouldBe(Path.Combine(RepoPaths.Example, "src", "main.ts"));
    }

    [Theory]
    [InlineData("ws", "http://127.0.0.1:5173", "ws://127.0.0.1:5173/@runner-extensible/ws")]
    [InlineData("ws", "ws://127.0.0.1:5173/custom/ws", "ws://127.0.0.1:5173/custom/ws")]
    [InlineData("http", "http://localhost:5173/", "http://localhost:5173/@runner-extensible/http")]
    [InlineData("http", "https://dev.test", "https://dev.test/@runner-extensible/http")]
    public void A_server_address_gets_the_plugins_endpoint(string transport, string server, string expected)
    {
        var settings = Read(RepoPaths.Root, "examples/hello/src/main.ts", "-t", transport, "--server", server, "--token", "t");

        settings.Server.ShouldNotBeNull().ToString().ShouldBe(expected);
    }

    [Fact]
    public void A_missing_root_is_a_usage_error()
    {
        var error = Should.Throw<CliFailure>(() => Read(RepoPaths.Root, "examples/hello/src/main.ts", "--root", "no/such/folder"));

        error.ExitCode.ShouldBe(ExitCodes.BadArguments);
        error.Message.ShouldContain("is not a folder");
    }

    [Fact]
    public void A_folder_as_entry_says_so()
    {
        var error = Should.Throw<CliFailure>(() => Read(RepoPaths.Root, "examples/hello/src"));

        error.ExitCode.ShouldBe(ExitCodes.EntryNotFound);
        error.Message.ShouldContain("is a folder");
    }
}
