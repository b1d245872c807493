using System.Diagnostics;
using System.Text.Json;

namespace Runner.Extensible.Cli.Output;

/// <summary>
/// Sits in the runner's invoke pipeline: while Vite transforms modules (<c>fetchModule</c>, or the plugin's batched
/// <c>runnerExtensible:fetchModules</c>) it shows progress, and with <c>--verbose</c> it prints how long each fetch
/// took (a batch: every module it delivered). Module code never runs during a fetch, so the progress line does not mix
/// with what the module prints.
/// </summary>
internal sealed class FetchProgressStep(ToolOutput output, bool verbose) : IInvokeStep
{
    private const string BatchMethod = "runnerExtensible:fetchModules";

    private readonly Lock _gate = new();
    private ProgressIndicator? _current;

    /// <summary>Whether progress is shown (it is turned off once the first run is over, so HMR stays quiet).</summary>
    public bool ShowProgress { get; set; } = true;

    public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        var batch = context.Method == BatchMethod;
        if (!batch && context.Method != "fetchModule") return await next(context).ConfigureAwait(false);
        var url = batch ? FirstRequestedUrl(context.Arguments) : FirstString(context.Arguments);
        var started = Stopwatch.GetTimestamp();
        var progress = StartProgress(url);
        JsonElement result = default;
        try
        {
            return result = await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (progress is not null) await EndProgressAsync(progress).ConfigureAwait(false);
            if (verbose && !url.StartsWith("data:", StringComparison.Ordinal))
            {
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                output.Line($"fetched {url} in {ms:0} ms");
                if (batch)
                {
                    foreach (var prefetched in DeliveredUrls(result).Where(u => u != url))
                        output.Line($"fetched {prefetched} in {ms:0} ms (in the same batch as {url})");
                }
            }
        }
    }

    private static string FirstString(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0
        && arguments[0].ValueKind == JsonValueKind.String ? arguments[0].GetString()! : "?";

    // [[{url, importer, cached}, …], options]
    private static string FirstRequestedUrl(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0
        && arguments[0].ValueKind == JsonValueKind.Array && arguments[0].GetArrayLength() > 0
        && arguments[0][0].ValueKind == JsonValueKind.Object && arguments[0][0].TryGetProperty("url", out var url)
        && url.ValueKind == JsonValueKind.String ? url.GetString()! : "?";

    // {modules: [{url, importer, result|error}, …], …}: the modules that came back with code.
    private static IEnumerable<string> DeliveredUrls(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("modules", out var modules) || modules.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var module in modules.EnumerateArray())
        {
            if (module.ValueKind == JsonValueKind.Object && module.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                && module.TryGetProperty("result", out var fetched) && fetched.ValueKind == JsonValueKind.Object && fetched.TryGetProperty("code", out _))
                yield return url.GetString()!;
        }
    }

    private ProgressIndicator? StartProgress(string url)
    {
        if (!ShowProgress || verbose || url.StartsWith("data:", StringComparison.Ordinal)) return null;
        lock (_gate)
        {
            if (_current is not null) return null;
            return _current = ProgressIndicator.Start(output, $"transforming {url}");
        }
    }

    private async ValueTask EndProgressAsync(ProgressIndicator progress)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, progress)) _current = null;
        }
        await progress.DisposeAsync().ConfigureAwait(false);
    }
}
