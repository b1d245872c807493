using System.Diagnostics;
using System.Text.Json;

namespace Runner.Extensible.Cli.Output;

/// <summary>
/// Sits in the runner's invoke pipeline: while Vite transforms a module (<c>fetchModule</c>) it shows progress, and
/// with <c>--verbose</c> it prints how long each fetch took. Module code never runs during a fetch, so the progress line
/// does not mix with what the module prints.
/// </summary>
internal sealed class FetchProgressStep(ToolOutput output, bool verbose) : IInvokeStep
{
    private readonly Lock _gate = new();
    private ProgressIndicator? _current;

    /// <summary>Whether progress is shown (it is turned off once the first run is over, so HMR stays quiet).</summary>
    public bool ShowProgress { get; set; } = true;

    public async ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        if (context.Method != "fetchModule") return await next(context).ConfigureAwait(false);
        var url = context.Arguments.ValueKind == JsonValueKind.Array && context.Arguments.GetArrayLength() > 0
            && context.Arguments[0].ValueKind == JsonValueKind.String ? context.Arguments[0].GetString()! : "?";
        var started = Stopwatch.GetTimestamp();
        var progress = StartProgress(url);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (progress is not null) await EndProgressAsync(progress).ConfigureAwait(false);
            if (verbose && !url.StartsWith("data:", StringComparison.Ordinal))
                output.Line($"fetched {url} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
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
