using System.Text.Json;
using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>
/// Wires the JSON Lines HMR log the way a user does (<c>builder.UseJsonLinesHmrLog(path)</c>) and reads the file
/// back for the kit. Each container the kit builds gets a file of its own in a temporary folder.
/// </summary>
public sealed class JsonLinesHmrLogFixture : HmrLoggerConformanceFixture, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hmr-log-conformance-").FullName;
    private string? _currentFile;

    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder)
    {
        // The kit builds one container per test and runs a class's tests one at a time, so the file configured last
        // is the current test's.
        _currentFile = Path.Combine(_folder, $"{Guid.NewGuid():N}.jsonl");
        builder.UseJsonLinesHmrLog(_currentFile);
    }

    /// <inheritdoc />
    public override IReadOnlyList<HmrLogRecord> ReadBackOutput(IServiceProvider services)
    {
        if (_currentFile is null || !File.Exists(_currentFile)) return [];
        return File.ReadLines(_currentFile).Where(line => line.Length > 0).Select(Parse).ToArray();
    }

    private static HmrLogRecord Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var record = json.RootElement;
        var text = record.GetProperty("message").GetString() ?? "";
        if (record.TryGetProperty("exception", out var exception)) text += "\n" + exception.GetString();
        return new HmrLogRecord(record.GetProperty("level").GetString() == "error", text);
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>The kit's HMR logger suite (HMRL-*), run against the JSON Lines log.</summary>
public sealed class JsonLinesHmrLogConformance(JsonLinesHmrLogFixture fixture)
    : HmrLoggerConformanceTests<JsonLinesHmrLogFixture>(fixture);
