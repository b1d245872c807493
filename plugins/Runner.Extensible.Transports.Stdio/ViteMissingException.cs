namespace Runner.Extensible.Transports.Stdio;

/// <summary>
/// The host exited with <see cref="StdioHostProcess.ExitCodeViteMissing"/>: the project has no <c>vite</c> package.
/// Its own type because restarting cannot fix it, so the transport stops restarting at once.
/// </summary>
internal sealed class ViteMissingException(string message) : TransportException(message);
