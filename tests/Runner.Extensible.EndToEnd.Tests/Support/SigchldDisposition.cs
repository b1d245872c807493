using System.Runtime.InteropServices;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// Reads the process's SIGCHLD disposition. .NET learns that a child process exited only through its SIGCHLD handler;
/// libuv inside the embedded Node used to take the signal over when module code started a child and reset it to the
/// default once that child was gone (shared/docs/v8-engine-notes.md rule 6), until the V8 plugin shared it.
/// </summary>
internal sealed class SigchldDisposition
{
    // Linux numbers (x86-64 and arm64 alike); glibc's struct sigaction starts with the handler and is below 256 bytes.
    private const int Sigchld = 17;
    private const int SigactionSize = 256;

    private readonly byte[] _action;

    private SigchldDisposition(byte[] action) => _action = action;

    /// <summary>The handler's address; 0 is SIG_DFL, 1 is SIG_IGN.</summary>
    public long Handler => BitConverter.ToInt64(_action, 0);

    public bool IsDefault => Handler == 0;

    public static SigchldDisposition Current()
    {
        var action = new byte[SigactionSize];
        if (sigaction(Sigchld, null, action) != 0) throw new InvalidOperationException($"sigaction failed: errno {Marshal.GetLastPInvokeError()}");
        return new SigchldDisposition(action);
    }

    public override string ToString() => Handler switch { 0 => "SIG_DFL", 1 => "SIG_IGN", var h => $"handler 0x{h:x}" };

    [DllImport("libc", SetLastError = true)]
    private static extern int sigaction(int signum, byte[]? act, byte[]? oldact);
}
