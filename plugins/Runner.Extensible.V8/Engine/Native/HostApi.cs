using System.Runtime.InteropServices;

namespace Runner.Extensible.V8.Engine.Native;

/// <summary>
/// The native shim (<c>native/host_api.h</c>): the parts of embedding Node that its C++ API
/// forces into C++.
/// </summary>
internal static unsafe partial class HostApi
{
    internal const string Library = "runner_v8_host";

    [LibraryImport(Library)]
    internal static partial int rx_runtime_init(int argc, byte** argv, byte* error, int errorSize);

    [LibraryImport(Library)]
    internal static partial int rx_runtime_is_initialized();

    [LibraryImport(Library)]
    internal static partial nint rx_env_new(EnvironmentOptions* options);

    [LibraryImport(Library)]
    internal static partial int rx_env_run(nint env, byte* error, int errorSize);

    [LibraryImport(Library)]
    internal static partial int rx_env_wake(nint env);

    [LibraryImport(Library)]
    internal static partial void rx_env_request_stop(nint env);

    [LibraryImport(Library)]
    internal static partial void rx_env_free(nint env);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial void rx_env_slice_begin(nint env);

    [LibraryImport(Library)]
    internal static partial TerminationReason rx_env_slice_end(nint env);

    [LibraryImport(Library)]
    internal static partial int rx_env_current_slice(nint env, out ulong slice, out long startedNs);

    [LibraryImport(Library)]
    internal static partial int rx_env_terminate(nint env, ulong slice, TerminationReason reason);

    [LibraryImport(Library)]
    internal static partial TerminationReason rx_env_is_terminating(nint env);

    [LibraryImport(Library)]
    internal static partial int rx_env_last_exit_code(nint env);

    [LibraryImport(Library), SuppressGCTransition]
    internal static partial long rx_monotonic_ns();

    [LibraryImport(Library)]
    internal static partial int rx_child_signals_share(byte* error, int errorSize);

    [LibraryImport(Library)]
    internal static partial int rx_child_signals_state();

    [LibraryImport(Library)]
    internal static partial int rx_child_signals_chain_installed();

    /// <summary><c>rx_env_options</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct EnvironmentOptions
    {
        public nint User;
        public delegate* unmanaged[Cdecl]<nint, nint, nint, nint> OnBinding;
        public delegate* unmanaged[Cdecl]<nint, void> OnDrain;
        public delegate* unmanaged[Cdecl]<nint, int, void> OnLoopTerminated;
        public byte* BindingName;
        public byte* Bootstrap;
        public ulong HeapLimitBytes;
    }
}

/// <summary>Whether SIGCHLD is shared between the host and libuv (<c>rx_child_signals_state</c>).</summary>
internal enum ChildSignalsState
{
    NotShared = 0,
    Shared = 1,
    Failed = 2,
}

/// <summary>Why the engine terminated running JavaScript (<c>rx_termination_reason</c>).</summary>
internal enum TerminationReason
{
    None = 0,
    TimeLimit = 1,
    HeapLimit = 2,
    ProcessExit = 3,
    Requested = 4,
}
