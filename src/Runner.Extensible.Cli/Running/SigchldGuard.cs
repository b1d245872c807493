using System.Runtime.InteropServices;

namespace Runner.Extensible.Cli.Running;

/// <summary>
/// Keeps .NET's <c>SIGCHLD</c> handler installed next to the embedded Node.
/// <para>
/// .NET learns that a child process (here: the <c>node</c> that runs Vite for the stdio transport) exited only through
/// its <c>SIGCHLD</c> handler. libuv inside the embedded Node replaces that handler with its own when module code starts
/// a child process, and resets it to <c>SIG_DFL</c> when its last child exits; from then on .NET never reaps its
/// own children, so <c>Process.WaitForExit</c> waits forever and <c>Process.HasExited</c> stays false (v8-engine-notes.md
/// rule 6). Seen without this guard: a module that ran <c>execFileSync</c> made every run end 10 s late (the stdio
/// transport's 5 s wait for the Vite child, a kill, and another 5 s wait). The transport now also treats its child's
/// closed stdout as the end, so it no longer waits; the guard keeps the exit itself (and its code) visible to .NET,
/// for the transport and for any other child process of the host.
/// </para>
/// <para>
/// The guard saves .NET's handler once the transport has started its child, and <see cref="RestoreIfReset"/> puts it
/// back whenever libuv has reset it, then raises <c>SIGCHLD</c> so .NET reaps any child that exited meanwhile. It must
/// run on the engine's loop thread (the tool calls it through a script function): libuv installs and resets its handler
/// only there, so the check and the restore cannot race with libuv starting a new child. While libuv has children of its
/// own, its handler stays in place (restoring .NET's would starve those children's exit events).
/// </para>
/// </summary>
internal sealed class SigchldGuard
{
    // Linux numbers (x86-64 and arm64 alike).
    private const int Sigchld = 17;

    // glibc's struct sigaction is 152 bytes on 64-bit Linux; the handler pointer comes first.
    private const int SigactionSize = 256;

    private readonly byte[] _saved;

    private SigchldGuard(byte[] saved) => _saved = saved;

    /// <summary>How many times the handler was found reset and restored.</summary>
    public int Restorations { get; private set; }

    /// <summary>Saves the current (.NET's) handler; <c>null</c> off Linux or when no handler is installed (then nothing needs keeping).</summary>
    public static SigchldGuard? Capture()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var current = new byte[SigactionSize];
        if (sigaction(Sigchld, null, current) != 0) return null;
        return IsDefaultOrIgnored(current) ? null : new SigchldGuard(current);
    }

    /// <summary>Restores the saved handler if libuv reset it to the default; call on the engine's loop thread.</summary>
    /// <returns>Whether it had been reset.</returns>
    public bool RestoreIfReset()
    {
        var current = new byte[SigactionSize];
        if (sigaction(Sigchld, null, current) != 0 || BitConverter.ToInt64(current, 0) != 0) return false;
        if (sigaction(Sigchld, _saved, null) != 0) return false;
        Restorations++;
        // A child that exited while the handler was missing left no signal behind: ask .NET to look at its children now.
        _ = kill(Environment.ProcessId, Sigchld);
        return true;
    }

    private static bool IsDefaultOrIgnored(byte[] action) => BitConverter.ToInt64(action, 0) is 0 or 1;

    [DllImport("libc", SetLastError = true)]
    private static extern int sigaction(int signum, byte[]? act, byte[]? oldact);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
