using Runner.Extensible.Hmr;

namespace Runner.Extensible.Tests.Hmr.Fakes;

/// <summary>Records every logger call as <c>(level, message, exception)</c> and in the shared log as <c>debug: …</c>/<c>error: …</c>.</summary>
internal sealed class RecordingHmrLogger(EventLog log) : IHmrLogger
{
    private readonly Lock _gate = new();
    private readonly List<(string Level, string Message, Exception? Exception)> _calls = [];

    public IReadOnlyList<(string Level, string Message, Exception? Exception)> Calls
    {
        get { lock (_gate) return _calls.ToArray(); }
    }

    /// <summary>The calls as <c>[level, message]</c>, the shape of the recordings' <c>runnerLog</c>.</summary>
    public IReadOnlyList<string[]> LevelsAndMessages => Calls.Select(c => new[] { c.Level, c.Message }).ToArray();

    public IReadOnlyList<string> Messages => Calls.Select(c => c.Message).ToArray();

    public IReadOnlyList<string> Errors => Calls.Where(c => c.Level == "error").Select(c => c.Message).ToArray();

    public void Debug(string message)
    {
        lock (_gate) _calls.Add(("debug", message, null));
        log.Add("debug: " + message);
    }

    public void Error(string message, Exception? exception = null)
    {
        lock (_gate) _calls.Add(("error", message, exception));
        log.Add("error: " + message);
    }
}
