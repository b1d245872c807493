namespace Runner.Extensible;

/// <summary>
/// The runner could not load a module for a reason of its own (not a script error and not a server error):
/// the server sent no code, or the cache changed under a fetch. Messages are Vite's
/// (<c>[module runner] Failed to load "&lt;url&gt;" imported from &lt;id&gt;</c>, <c>Module "&lt;url&gt;" was mistakenly invalidated during fetch phase.</c>).
/// </summary>
public sealed class ModuleRunnerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="url">The url being imported.</param>
    public ModuleRunnerException(string message, string url) : base(message) => Url = url;

    /// <summary>The url being imported.</summary>
    public string Url { get; }
}
