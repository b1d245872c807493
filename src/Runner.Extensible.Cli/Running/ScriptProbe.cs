using System.Text.Json;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Cli.Running;

/// <summary>
/// A tiny helper module in the engine that tells the tool what Node would know at this point: the engine versions,
/// <c>process.exitCode</c>, and whether anything (a timer, a socket, a child process) still keeps the event loop alive.
/// It is a <c>data:</c> module, which Vite externalizes and the V8 evaluator loads through Node's own loader, in the
/// main context, so it reads the real <c>process</c> even when modules run without Node APIs.
/// </summary>
internal sealed class ScriptProbe
{
    private const string Source = """
        export const versions = JSON.stringify({ node: process.versions.node, v8: process.versions.v8 });
        export function state() {
          const code = process.exitCode;
          return JSON.stringify({
            exitCode: code === undefined || code === null || code === '' ? null : Number(code),
            pending: process.getActiveResourcesInfo(),
          });
        }
        """;

    // Resources that never end on their own and do not keep a Node script alive either: the standard streams.
    private static readonly HashSet<string> StdioResources = new(StringComparer.Ordinal) { "TTYWrap", "PipeWrap", "FileHandle", "FSReqCallback" };

    private readonly IScriptFunction _state;

    private ScriptProbe(IScriptFunction state, string nodeVersion, string v8Version)
    {
        _state = state;
        NodeVersion = nodeVersion;
        V8Version = v8Version;
    }

    /// <summary>The embedded Node's version (libnode).</summary>
    public string NodeVersion { get; }

    /// <summary>The embedded V8's version.</summary>
    public string V8Version { get; }

    /// <summary>The URL the helper is imported under.</summary>
    public static string Url { get; } = "data:text/javascript," + Uri.EscapeDataString(Source);

    /// <summary>Imports the helper through the runner.</summary>
    public static async Task<ScriptProbe> LoadAsync(IModuleRunner runner, CancellationToken cancellationToken)
    {
        var exports = await runner.ImportAsync(Url, cancellationToken).ConfigureAwait(false);
        using var versions = JsonDocument.Parse(exports.Get<string>("versions") ?? "{}");
        return new ScriptProbe(
            exports.GetFunction("state"),
            versions.RootElement.GetProperty("node").GetString() ?? "?",
            versions.RootElement.GetProperty("v8").GetString() ?? "?");
    }

    /// <summary>
    /// Reads <c>process.exitCode</c> and the resources keeping the event loop alive.
    /// </summary>
    public async Task<(int? ExitCode, IReadOnlyList<string> Pending)> ReadStateAsync()
    {
        var json = await _state.InvokeAsync<string>().ConfigureAwait(false) ?? "{}";
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        int? exitCode = root.GetProperty("exitCode").ValueKind == JsonValueKind.Number ? (int)root.GetProperty("exitCode").GetDouble() : null;
        var pending = root.GetProperty("pending").EnumerateArray()
            .Select(e => e.GetString() ?? "")
            .Where(r => !StdioResources.Contains(r))
            .ToList();
        return (exitCode, pending);
    }
}
