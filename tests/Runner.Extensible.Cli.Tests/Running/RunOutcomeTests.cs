using Runner.Extensible.Cli.Tests.Support;

namespace Runner.Extensible.Cli.Tests.Running;

/// <summary>vite-dotnet run on real entries over stdio: output, exit codes and mapped stacks, as Node would end.</summary>
public sealed class RunOutcomeTests
{
    private static Task<ToolResult> RunFixtureAsync(string entry, params string[] extra) =>
        ToolProcess.RunAsync(RepoPaths.FixtureApp, ["run", Path.Combine("src", entry), .. extra]);

    [Fact]
    public async Task The_bundled_example_prints_its_lines_and_exits_0()
    {
        var result = await ToolProcess.RunAsync(RepoPaths.Root, ["run", "examples/hello/src/main.ts"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Hello, Vite in .NET!", customMessage: result.ToString());
        result.Stdout.ShouldContain("evaluated in Node 18.", customMessage: result.ToString());
        // One startup line on stderr: what was started, over which transport, with which engine.
        var startup = result.StderrLines.ShouldHaveSingleItem(result.ToString()).Text;
        startup.ShouldStartWith("vite-dotnet: started Vite 8.");
        startup.ShouldContain("over stdio in " + RepoPaths.Example);
        startup.ShouldContain("engine: V8 10.");
    }

    [Fact]
    public async Task Module_output_streams_while_the_module_runs()
    {
        var result = await RunFixtureAsync("streams.ts");

        result.ExitCode.ShouldBe(0, result.ToString());
        var first = result.StdoutLines.Single(l => l.Text == "first line");
        var second = result.StdoutLines.Single(l => l.Text == "second line");
        // The module waits 1.5 s between its lines; buffered output would arrive together at exit.
        (second.At - first.At).ShouldBeGreaterThan(TimeSpan.FromSeconds(1), result.ToString());
    }

    [Fact]
    public async Task Stdout_and_stderr_of_the_module_go_to_the_tools_stdout_and_stderr()
    {
        var result = await RunFixtureAsync("hello.ts");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldBe("hello, fixture");
        result.Stderr.ShouldContain("to stderr");
        result.Stdout.ShouldNotContain("vite-dotnet:");
    }

    [Fact]
    public async Task A_throwing_module_exits_1_with_the_stack_at_the_original_ts_lines()
    {
        var result = await RunFixtureAsync("throws.ts");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("checking orders");
        result.Stdout.ShouldNotContain("not reached");
        result.Stderr.ShouldContain("RangeError: order 2 has a negative total (-5)");
        // check.ts line 4 column 24 is `new RangeError`; throws.ts line 10 is the loop that calls check (TypeScript
        // types removed by Vite would shift both if the stack were not mapped).
        result.Stderr.ShouldContain($"at check ({Path.Combine(RepoPaths.FixtureApp, "src", "helpers", "check.ts")}:4:24)");
        result.Stderr.ShouldContain($"{Path.Combine(RepoPaths.FixtureApp, "src", "throws.ts")}:10:");
    }

    [Fact]
    public async Task A_rejected_top_level_await_exits_1_with_the_mapped_stack()
    {
        var result = await RunFixtureAsync("rejects.ts");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("TypeError: rejected on purpose");
        result.Stderr.ShouldContain($"at load ({Path.Combine(RepoPaths.FixtureApp, "src", "rejects.ts")}:3:9)");
    }

    [Fact]
    public async Task Process_exit_code_is_the_tools_exit_code()
    {
        var result = await RunFixtureAsync("exit-code.ts");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stdout.ShouldBe("setting process.exitCode");
    }

    [Fact]
    public async Task Process_exit_stops_the_module_and_is_the_exit_code()
    {
        var result = await RunFixtureAsync("exit-call.ts");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Stdout.ShouldBe("before exit");
    }

    [Fact]
    public async Task Like_node_the_tool_waits_for_timers_before_exiting()
    {
        var result = await RunFixtureAsync("timers.ts");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdoutLines.Select(l => l.Text).ShouldBe(["top level finished", "tick 1", "tick 2", "tick 3", "done after timers"]);
    }

    [Fact]
    public async Task An_error_thrown_later_from_a_timer_exits_1_with_its_mapped_stack()
    {
        var result = await RunFixtureAsync("late-throw.ts");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("Uncaught Error: thrown from a timer");
        result.Stderr.ShouldContain($"at fail ({Path.Combine(RepoPaths.FixtureApp, "src", "late-throw.ts")}:2:9)");
    }

    [Fact]
    public async Task Process_exit_from_a_timer_is_the_exit_code()
    {
        var result = await RunFixtureAsync("late-exit.ts");

        result.ExitCode.ShouldBe(5, result.ToString());
    }

    [Fact]
    public async Task A_syntax_error_shows_Vites_error_frame_without_colour_codes_and_exits_1()
    {
        var result = await RunFixtureAsync("syntax-error.ts");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("PARSE_ERROR");
        result.Stderr.ShouldContain("src/syntax-error.ts:1:24");
        result.Stderr.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task An_import_of_a_missing_file_exits_1_naming_it()
    {
        var result = await RunFixtureAsync("missing-import.ts");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("Failed to load url ./does-not-exist");
    }

    [Fact]
    public async Task Without_node_apis_modules_run_in_a_bare_context()
    {
        var result = await ToolProcess.RunAsync(RepoPaths.Root, ["run", "examples/hello/src/main.ts", "--no-node-apis"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("evaluated in V8, embedded");
        result.Stderr.ShouldContain("bare context without Node APIs");
    }

    [Fact]
    public async Task Config_chooses_the_vite_config_file()
    {
        var byDefault = await RunFixtureAsync("config-name.ts");
        var chosen = await RunFixtureAsync("config-name.ts", "--config", Path.Combine(RepoPaths.FixtureApp, "alternate.config.ts"));

        byDefault.ExitCode.ShouldBe(0, byDefault.ToString());
        byDefault.Stdout.ShouldBe("default config");
        chosen.ExitCode.ShouldBe(0, chosen.ToString());
        chosen.Stdout.ShouldBe("alternate config");
    }

    [Fact]
    public async Task Verbose_prints_import_timings()
    {
        var result = await RunFixtureAsync("hello.ts", "--verbose");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldMatch(@"fetched /src/hello\.ts in \d+ ms");
        result.Stderr.ShouldMatch(@"fetched /src/helpers/greeting\.ts in \d+ ms");
        result.Stderr.ShouldMatch(@"imported /src/hello\.ts in \d+ ms");
    }
}
