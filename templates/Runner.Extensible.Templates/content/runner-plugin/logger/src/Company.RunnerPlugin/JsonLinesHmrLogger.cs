using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Hmr;

namespace Company.RunnerPlugin;

/// <summary>
/// Appends the HMR client's messages to a JSON Lines file, one object per message (see <see cref="HmrLogLine"/>).
/// The file is opened for each message, so it can be moved or truncated while the runner runs and no handle
/// outlives the runner. Writing never throws into the runner: a failure is reported once through
/// <see cref="ILogger"/> and the message is dropped.
/// </summary>
internal sealed partial class JsonLinesHmrLogger : IHmrLogger
{
    // Runners of one process that share a file take turns, so lines never interleave.
    private static readonly ConcurrentDictionary<string, Lock> FileGates = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly string _runner;
    private readonly JsonLinesHmrLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate;
    private int _failureReported;

    public JsonLinesHmrLogger(JsonLinesHmrLogOptions options, string runnerName, TimeProvider time, ILogger<JsonLinesHmrLogger> logger)
    {
        options.ThrowIfInvalid();
        _options = options;
        _path = System.IO.Path.GetFullPath(options.Path);
        _runner = runnerName;
        _time = time;
        _logger = logger;
        _gate = FileGates.GetOrAdd(_path, static _ => new Lock());
    }

    public void Debug(string message)
    {
        if (_options.IncludeDebugMessages) Append(isError: false, message, exception: null);
    }

    public void Error(string message, Exception? exception = null) => Append(isError: true, message, exception);

    private void Append(bool isError, string message, Exception? exception)
    {
        var exceptionText = exception is null ? null
            : _options.IncludeStackTraces ? exception.ToString()
            : $"{exception.GetType().FullName}: {exception.Message}";
        var line = HmrLogLine.Format(_time.GetUtcNow(), isError, _runner, message ?? "", exceptionText) + "\n";
        try
        {
            lock (_gate)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
                File.AppendAllText(_path, line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The HMR client must keep going; say once why the log stays empty.
            if (Interlocked.Exchange(ref _failureReported, 1) == 0) LogWriteFailed(_logger, _path, e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Cannot write the HMR log {Path}; HMR messages are dropped until it can be written")]
    private static partial void LogWriteFailed(ILogger logger, string path, Exception exception);
}
