using System.Text;
using System.Text.Json;

namespace Company.RunnerPlugin;

/// <summary>
/// One line of the log: <c>{"time":…,"level":"debug"|"error","runner":…,"event":…,"message":…,"exception":…}</c>.
/// <c>event</c> names the HMR client's known messages (<c>connected</c>, <c>hot-updated</c>, <c>full-reload</c>, …)
/// so that tools can filter without parsing text; it is absent for other messages.
/// </summary>
internal static class HmrLogLine
{
    // Vite's HMR client messages, by the text they start with.
    private static readonly (string Prefix, string Event)[] KnownEvents =
    [
        ("connected.", "connected"),
        ("hot updated:", "hot-updated"),
        ("program reload", "full-reload"),
        ("invalidate ", "invalidate"),
        ("Failed to reload ", "update-failed"),
        ("An error happened during full reload", "full-reload-failed"),
        ("Internal Server Error", "server-error"),
    ];

    public static string Format(DateTimeOffset time, bool isError, string runner, string message, string? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time);
            json.WriteString("level", isError ? "error" : "debug");
            json.WriteString("runner", runner);
            if (EventOf(message) is { } name) json.WriteString("event", name);
            json.WriteString("message", message);
            if (exception is not null) json.WriteString("exception", exception);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? EventOf(string message)
    {
        foreach (var (prefix, name) in KnownEvents)
            if (message.StartsWith(prefix, StringComparison.Ordinal)) return name;
        return null;
    }
}
