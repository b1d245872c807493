using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Transports;

/// <summary><c>--transport ws</c> and <c>http</c>: the tool connects to a Vite dev server that is already running.</summary>
public sealed class RunningServerTests
{
    [Fact]
    public async Task Ws_and_http_run_the_entry_through_a_running_server()
    {
        using var project = FixtureCopy.Create();
        await using var server = await DevServer.StartAsync(project.Root);

        // The connection file the plugin wrote under the project root gives the URL and token.
        var overWebSocket = await ToolProcess.RunAsync(project.Root, ["run", "src/throws.ts", "--transport", "ws"]);
        overWebSocket.ExitCode.ShouldBe(1, overWebSocket.ToString());
        overWebSocket.Stderr.ShouldContain("connected to Vite 8.3.8 over WebSocket");
        overWebSocket.Stderr.ShouldContain($"at check ({project.PathOf(Path.Combine("src", "helpers", "check.ts"))}:4:24)");

        // Or the server address and the token on the command line.
        var overHttp = await ToolProcess.RunAsync(project.Root, ["run", "src/hello.ts", "--transport", "http", "--server", server.Origin, "--token", server.Token]);
        overHttp.ExitCode.ShouldBe(0, overHttp.ToString());
        overHttp.Stdout.ShouldBe("hello, fixture");
        overHttp.Stderr.ShouldContain($"connected to Vite over HTTP at {server.Origin}/@runner-extensible/http");
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_exit_code_69()
    {
        using var project = FixtureCopy.Create();
        await using var server = await DevServer.StartAsync(project.Root);

        var result = await ToolProcess.RunAsync(project.Root, ["run", "src/hello.ts", "-t", "ws", "--server", server.Origin, "--token", "not-the-token"]);

        result.ExitCode.ShouldBe(69, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain("refused the WebSocket connection");
        result.Stderr.ShouldContain("ERR_UNAUTHORIZED");
    }

    [Fact]
    public async Task Without_a_running_server_ws_explains_and_exits_69()
    {
        using var project = FixtureCopy.Create();

        var result = await ToolProcess.RunAsync(project.Root, ["run", "src/hello.ts", "-t", "ws"]);

        result.ExitCode.ShouldBe(69, result.ToString());
        result.StderrLines.ShouldHaveSingleItem(result.ToString()).Text.ShouldStartWith($"vite-dotnet: error: no running Vite server found for {project.Root}");
    }
}
