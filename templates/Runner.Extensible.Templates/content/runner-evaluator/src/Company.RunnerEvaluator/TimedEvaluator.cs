using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Company.RunnerEvaluator;

/// <summary>
/// Decorates another evaluator: every call goes to it unchanged, and each module's evaluation is timed, logged, and
/// failed with a <see cref="TimeoutException"/> when it outlasts <see cref="TimedEvaluatorOptions.MaxDuration"/>.
/// The decorated evaluator is owned: it is initialized and disposed with this one.
/// </summary>
internal sealed partial class TimedEvaluator(IModuleEvaluator inner, TimedEvaluatorOptions options, TimeProvider time) : IModuleEvaluator
{
    private ILogger _logger = NullLogger.Instance;
    private string _runner = "";

    /// <summary>The decorated evaluator.</summary>
    public IModuleEvaluator Inner => inner;

    // The decorated evaluator's wrapper lines are the ones the server must account for.
    public int? StartOffset => inner.StartOffset;

    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        _logger = host.LoggerFactory.CreateLogger<TimedEvaluator>();
        _runner = host.RunnerName;
        return inner.InitializeAsync(host, cancellationToken);
    }

    public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(module);
        return TimeAsync(module.Url, inner.RunInlinedModuleAsync(context, code, module, cancellationToken), cancellationToken);
    }

    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken) =>
        TimeAsync(url, inner.RunExternalModuleAsync(url, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<IScriptObject> TimeAsync(string url, Task<IScriptObject> evaluation, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var exports = options.MaxDuration is { } max
                ? await evaluation.WaitAsync(max, time, cancellationToken).ConfigureAwait(false)
                : await evaluation.ConfigureAwait(false);
            Report(url, time.GetElapsedTime(started), failed: false);
            return exports;
        }
        catch (TimeoutException) when (!evaluation.IsCompleted && options.MaxDuration is { } max)
        {
            // The engine may finish later; its outcome no longer has a caller, so observe it here.
            _ = evaluation.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            LogExceeded(_logger, url, _runner, max.TotalMilliseconds);
            throw new TimeoutException(
                $"[timed evaluator] Evaluating {url} took longer than {max.TotalMilliseconds:F0} ms (TimedEvaluatorOptions.MaxDuration of runner '{_runner}'); the import fails. Raise the limit, or find out what the module waits for.");
        }
        catch (Exception) when (evaluation.IsFaulted)
        {
            Report(url, time.GetElapsedTime(started), failed: true);
            throw;
        }
    }

    private void Report(string url, TimeSpan elapsed, bool failed)
    {
        if (elapsed >= options.WarnAfter) LogSlow(_logger, url, _runner, elapsed.TotalMilliseconds, options.WarnAfter!.Value.TotalMilliseconds, failed);
        else LogEvaluated(_logger, url, _runner, elapsed.TotalMilliseconds, failed);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Evaluated {Url} of runner '{Runner}' in {ElapsedMilliseconds:F1} ms (failed: {Failed})")]
    private static partial void LogEvaluated(ILogger logger, string url, string runner, double elapsedMilliseconds, bool failed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Evaluating {Url} of runner '{Runner}' took {ElapsedMilliseconds:F0} ms, more than {WarnAfterMilliseconds:F0} ms (failed: {Failed})")]
    private static partial void LogSlow(ILogger logger, string url, string runner, double elapsedMilliseconds, double warnAfterMilliseconds, bool failed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Evaluating {Url} of runner '{Runner}' exceeded {MaxMilliseconds:F0} ms; the import fails")]
    private static partial void LogExceeded(ILogger logger, string url, string runner, double maxMilliseconds);
}
