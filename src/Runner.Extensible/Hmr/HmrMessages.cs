namespace Runner.Extensible.Hmr;

/// <summary>
/// The texts the HMR client logs, word for word as Vite's runner logs them (the complete set is in
/// vite-protocol.md §2.4), plus the few this port adds where Vite would have an unhandled rejection.
/// </summary>
internal static class HmrMessages
{
    public const string Connected = "connected.";

    public const string ProgramReload = "program reload";

    /// <summary>Not Vite's (its runner has no reconnect); logged before the reload that follows a reconnect.</summary>
    public const string ReloadAfterReconnect =
        "the server lost or changed modules this runner holds while the connection was down (it restarted, or files changed); reloading the entry points so that HMR resumes";

    public const string CssNotSupported = "css hmr is not supported in runner mode.";

    public static string HotUpdated(string path, string acceptedPath) =>
        path == acceptedPath ? $"hot updated: {path}" : $"hot updated: {acceptedPath} via {path}";

    public static string Invalidate(string path, string? message) =>
        string.IsNullOrEmpty(message) ? $"invalidate {path}" : $"invalidate {path}: {message}";

    public static string FailedToReload(string acceptedPath) =>
        $"Failed to reload {acceptedPath}. This could be due to syntax errors or importing non-existent modules. (see errors above)";

    public static string FullReloadFailed(Exception error) =>
        $"An error happened during full reload\n{ScriptErrors.MessageOf(error)}\n{ScriptErrors.StackOf(error)}";

    public static string InternalServerError(string message, string stack) => $"Internal Server Error\n{message}\n{stack}";

    // Not in Vite (its runner has no reconnect): the check after a reconnect could not finish.
    public static string ReconnectCheckFailed(Exception error) =>
        $"Could not check the server's modules after reconnecting, so nothing was reloaded (the next reconnect checks again; importing the entry points again also resumes HMR)\n{ScriptErrors.MessageOf(error)}";

    public static string ReconnectCheckInterrupted(Exception error) =>
        $"the connection went away again while checking the server's modules after reconnecting; nothing was reloaded, and the next reconnect checks again ({ScriptErrors.MessageOf(error)})";

    // Not in Vite: there these failures are unhandled promise rejections (the payload's handling stops and
    // Node reports the rejection). Here they are logged in the same "headline\nmessage\nstack" shape.
    public static string PayloadFailed(string payloadType, Exception error) =>
        $"An error happened while handling a \"{payloadType}\" payload\n{ScriptErrors.MessageOf(error)}\n{ScriptErrors.StackOf(error)}";

    public static string ListenerFailed(string eventName, Exception error) =>
        $"A \"{eventName}\" listener failed\n{ScriptErrors.MessageOf(error)}\n{ScriptErrors.StackOf(error)}";

    public static string AcceptCallbackFailed(string path, string acceptedPath, Exception error) =>
        $"An accept callback of {path} failed while applying the update of {acceptedPath}\n{ScriptErrors.MessageOf(error)}\n{ScriptErrors.StackOf(error)}";
}
