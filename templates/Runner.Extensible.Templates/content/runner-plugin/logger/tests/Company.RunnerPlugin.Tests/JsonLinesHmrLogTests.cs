using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Conformance.InMemory;

namespace Company.RunnerPlugin.Tests;

/// <summary>What this plugin adds beyond the contract: the file format and its options.</summary>
public sealed class JsonLinesHmrLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hmr-log-tests-").FullName;

    [Fact]
    public void Each_message_is_one_json_line_with_its_level_runner_and_event()
    {
        var path = Path.Combine(_folder, "nested", "hmr.jsonl");
        var logger = new JsonLinesHmrLogger(new JsonLinesHmrLogOptions { Path = path }, "ssr", TimeProvider.System, NullLogger<JsonLinesHmrLogger>.Instance);

        logger.Debug("hot updated: /src/app.ts");
        logger.Error("Failed to reload /src/app.ts. This could be due to syntax errors or importing non-existent modules. (see errors above)", new InvalidOperationException("boom"));

        var lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        lines.Length.ShouldBe(2);
        lines[0].GetProperty("level").GetString().ShouldBe("debug");
        lines[0].GetProperty("runner").GetString().ShouldBe("ssr");
        lines[0].GetProperty("event").GetString().ShouldBe("hot-updated");
        lines[0].TryGetProperty("exception", out _).ShouldBeFalse();
        lines[1].GetProperty("level").GetString().ShouldBe("error");
        lines[1].GetProperty("event").GetString().ShouldBe("update-failed");
        lines[1].GetProperty("exception").GetString()!.ShouldStartWith("System.InvalidOperationException: boom");
        DateTimeOffset.Parse(lines[1].GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Debug_messages_can_be_left_out_and_stack_traces_shortened()
    {
        var path = Path.Combine(_folder, "errors-only.jsonl");
        var options = new JsonLinesHmrLogOptions { Path = path, IncludeDebugMessages = false, IncludeStackTraces = false };
        var logger = new JsonLinesHmrLogger(options, "", TimeProvider.System, NullLogger<JsonLinesHmrLogger>.Instance);

        logger.Debug("connected.");
        logger.Error("Internal Server Error\nboom", Thrown());

        var line = JsonDocument.Parse(File.ReadAllLines(path).ShouldHaveSingleItem()).RootElement;
        line.GetProperty("event").GetString().ShouldBe("server-error");
        line.GetProperty("exception").GetString().ShouldBe("System.InvalidOperationException: boom");
    }

    [Fact]
    public void A_file_that_cannot_be_written_drops_messages_and_warns_once_instead_of_throwing()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var logs = new CapturingLoggerFactory();
        var logger = new JsonLinesHmrLogger(new JsonLinesHmrLogOptions { Path = Path.Combine(blocker, "hmr.jsonl") }, "", TimeProvider.System, new Logger<JsonLinesHmrLogger>(logs));

        Should.NotThrow(() =>
        {
            logger.Debug("connected.");
            logger.Error("boom");
        });

        logs.Entries.Where(e => e.Level == LogLevel.Warning).ShouldHaveSingleItem().Message.ShouldContain(blocker);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_path_fails_where_it_is_configured_and_names_the_fix(string path)
    {
        var services = new ServiceCollection();
        var error = Should.Throw<InvalidOperationException>(() => services.AddModuleRunner(b => b.UseJsonLinesHmrLog(o => o.Path = path)));
        error.Message.ShouldContain("JsonLinesHmrLogOptions.Path");
    }

    [Fact]
    public void A_folder_as_path_is_rejected_when_bound_from_configuration_too()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b.UseJsonLinesHmrLog());
        // As configuration binding would set it, after the builder call.
        services.Configure<JsonLinesHmrLogOptions>("ssr", o => o.Path = _folder);
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<JsonLinesHmrLogOptions>>().Get("ssr"));
        error.Message.ShouldContain("is a folder");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }
}
