using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// Lets .NET's <see cref="System.Diagnostics.Process"/> and Node's <c>child_process</c> share SIGCHLD in one process.
/// </summary>
/// <remarks>
/// Both learn that their children exited through a SIGCHLD handler, and the process has one. Left alone, libuv replaces
/// .NET's handler when module code spawns a child and resets SIGCHLD to the default when that child is gone, after which
/// <c>Process.WaitForExit</c> hangs for good. The native shim (<c>native/child_signals.cc</c>) makes libuv install its
/// handler once and keep it, and chains it with the handler it displaced. That must be .NET's, so .NET installs it
/// first: a SIGCHLD <see cref="PosixSignalRegistration"/> needs the handler, and creating one installs it now instead of
/// at the first <c>Process.Start</c>, which might otherwise race the shim. The registration's callback does nothing and
/// is kept for the life of the process (disposing the last one would make .NET put back the disposition it found).
/// </remarks>
internal static unsafe class ChildProcessSignals
{
    private const int ErrorBufferSize = 1024;

    private static readonly Lock Gate = new();
    private static PosixSignalRegistration? _dotnetHandler;

    /// <summary>True once the chain is in place.</summary>
    internal static bool IsShared => HostApi.rx_child_signals_state() == (int)ChildSignalsState.Shared;

    /// <summary>True while the process's SIGCHLD handler is the shim's chain itself.</summary>
    internal static bool ChainIsInstalled => HostApi.rx_child_signals_chain_installed() == 1;

    /// <summary>Installs .NET's SIGCHLD handler, then the shim's chain over libuv's; once per process.</summary>
    [SupportedOSPlatform("linux")]
    internal static void Share()
    {
        lock (Gate)
        {
            if (IsShared) return;
            _dotnetHandler ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, static _ => { });
            var error = stackalloc byte[ErrorBufferSize];
            error[0] = 0;
            if (HostApi.rx_child_signals_share(error, ErrorBufferSize) != (int)ChildSignalsState.Shared)
            {
                throw new InvalidOperationException(
                    "Could not share SIGCHLD between .NET and Node (without it, Process.WaitForExit hangs once module code " +
                    "ran a child process): " + NativeText.Read(error));
            }
        }
    }
}
