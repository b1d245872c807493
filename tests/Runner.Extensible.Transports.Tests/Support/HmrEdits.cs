using Runner.Extensible.Protocol;

namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>Edits a fixture module and waits for the server's HMR update about it.</summary>
internal static class HmrEdits
{
    /// <summary>
    /// Replaces the string literal <paramref name="literal"/> (quotes included) in <paramref name="relativeFile"/> and
    /// waits for an update whose entry satisfies <paramref name="match"/>. Vite's file watcher (chokidar) may still be
    /// scanning the freshly copied app right after start-up, especially on a cold, busy machine, and an edit in that
    /// window is never reported; so the edit is repeated with new content a few times. Every attempt still requires a
    /// real update to travel from the server through the transport.
    /// </summary>
    public static async Task<UpdatePayload> EditAndWaitForUpdateAsync(ViteApp app, RecordingHandler handler, string relativeFile, string literal, Func<Update, bool> match)
    {
        const int attempts = 5;
        var current = literal;
        for (var attempt = 1; ; attempt++)
        {
            var next = $"{literal[..^1]} edit {attempt}{literal[^1]}";
            app.Edit(relativeFile, current, next);
            current = next;
            try
            {
                return await handler.WaitForMessageAsync<UpdatePayload>(u => u.Updates.Any(match), TimeSpan.FromSeconds(3), $"an HMR update after editing {relativeFile}");
            }
            catch (TimeoutException) when (attempt < attempts)
            {
            }
        }
    }
}
