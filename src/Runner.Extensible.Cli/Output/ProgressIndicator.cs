using System.Diagnostics;

namespace Runner.Extensible.Cli.Output;

/// <summary>
/// Shows that a long step is under way. On a terminal: a spinner with the elapsed time, from the first
/// <see cref="TerminalDelay"/>, removed when the step ends. Elsewhere (logs, pipes): one line once the step has taken
/// <see cref="PlainDelay"/>, so a CI log shows what the tool was waiting for without noise for quick steps.
/// </summary>
internal sealed class ProgressIndicator : IAsyncDisposable
{
    /// <summary>How long a step runs before a terminal shows the spinner.</summary>
    public static readonly TimeSpan TerminalDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a step runs before a plain output gets its one line.</summary>
    public static readonly TimeSpan PlainDelay = TimeSpan.FromSeconds(1);

    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    private readonly ToolOutput _output;
    private readonly string _what;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    private ProgressIndicator(ToolOutput output, string what)
    {
        _output = output;
        _what = what;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Starts showing progress for <paramref name="what"/> (such as "starting Vite").</summary>
    public static ProgressIndicator Start(ToolOutput output, string what) => new(output, what);

    /// <summary>How long the step has run.</summary>
    public TimeSpan Elapsed => _elapsed.Elapsed;

    private async Task RunAsync()
    {
        try
        {
            if (!_output.IsTerminal)
            {
                await Task.Delay(PlainDelay, _stop.Token).ConfigureAwait(false);
                _output.Line(_what + "…");
                return;
            }
            await Task.Delay(TerminalDelay, _stop.Token).ConfigureAwait(false);
            for (var frame = 0; ; frame++)
            {
                _output.Progress($"{Frames[frame % Frames.Length]} {_what}… {_elapsed.Elapsed.TotalSeconds:0.0} s");
                await Task.Delay(80, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Ends the step: stops the spinner and removes its line.</summary>
    public async ValueTask DisposeAsync()
    {
        _elapsed.Stop();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _output.ClearProgress();
        _stop.Dispose();
    }
}
