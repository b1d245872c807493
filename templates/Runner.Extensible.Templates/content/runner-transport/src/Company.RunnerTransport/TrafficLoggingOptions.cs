using Microsoft.Extensions.Logging;

namespace Company.RunnerTransport;

/// <summary>Settings of <c>UseTrafficLogging(o =&gt; …)</c>, named after the runner; bindable from configuration.</summary>
public sealed class TrafficLoggingOptions
{
    /// <summary>The level each payload and call is logged at. Connection events and the closing summary are always <c>Information</c> or above. Default <c>Debug</c>.</summary>
    public LogLevel MessageLevel { get; set; } = LogLevel.Debug;

    /// <summary>
    /// How many characters of each payload's JSON are logged with it; 0 (the default) logs none. Payloads carry module
    /// code, so a few hundred characters is usually enough.
    /// </summary>
    public int PayloadCharacters { get; set; }

    /// <summary>What is wrong with these settings, each with its fix; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(MessageLevel))
            problems.Add($"TrafficLoggingOptions.MessageLevel is {(int)MessageLevel}, which is no LogLevel; use Trace, Debug, Information, Warning, Error, Critical or None.");
        if (PayloadCharacters < 0)
            problems.Add($"TrafficLoggingOptions.PayloadCharacters is {PayloadCharacters}; use 0 to log no payload JSON, or how many characters to log.");
        return problems;
    }

    /// <summary>Throws when a setting is invalid; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
    }
}
