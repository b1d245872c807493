using System.Runtime.InteropServices;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Engine;

/// <summary>
/// Node and V8 initialised once per process. V8 cannot be initialised a second time, so the
/// runtime stays up until the process ends and engine flags are fixed by the first environment.
/// </summary>
internal static class NodeRuntime
{
    // Directories Debian's libnode loads part of its built-in JavaScript from.
    private static readonly string[] RequiredShareDirectories =
        ["cjs-module-lexer", "undici", "acorn", "acorn-walk"];

    // Terminating runaway code can leave Node's async-id stack unbalanced; with the check on,
    // Node would call exit(1) on the .NET process. The bootstrap resets the stack instead.
    private static readonly string[] BaseFlags = ["--no-force-async-hooks-checks"];

    private static readonly Lock Gate = new();
    private static IReadOnlyList<string>? _flags;

    /// <summary>The engine flags the process was initialised with, or null before.</summary>
    internal static IReadOnlyList<string>? Flags
    {
        get { lock (Gate) return _flags; }
    }

    /// <summary>Why the engine cannot be used here, or null when it can.</summary>
    internal static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux()) return "The V8 engine is hosted through Debian's libnode and needs Linux.";
        if (NativeLibraryLocator.FindShim() is null)
            return $"{NativeLibraryLocator.ShimFileName} was not found in {string.Join(", ", NativeLibraryLocator.SearchDirectories())}. {NativeLibraryLocator.SetupHint}";
        foreach (var dir in RequiredShareDirectories)
        {
            if (!Directory.Exists(Path.Combine("/usr/share/nodejs", dir)))
                return $"/usr/share/nodejs/{dir} is missing (libnode aborts without it). {NativeLibraryLocator.SetupHint}";
        }
        return null;
    }

    /// <summary>Initialises the process once; later calls must not ask for other flags.</summary>
    internal static unsafe void EnsureInitialized(IReadOnlyList<string> engineFlags)
    {
        lock (Gate)
        {
            if (_flags is not null)
            {
                var missing = engineFlags.Where(f => !_flags.Contains(f, StringComparer.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"Engine flags are process-wide and were fixed when the first environment started " +
                        $"({string.Join(" ", _flags)}); cannot add {string.Join(" ", missing)}. " +
                        "Pass the same EngineFlags to every environment.");
                }
                return;
            }

            var reason = UnavailableReason();
            if (reason is not null) throw new InvalidOperationException(reason);
            NativeLibraryLocator.EnsureResolver();

            var args = new List<string> { "node" };
            args.AddRange(BaseFlags);
            args.AddRange(engineFlags);
            var argv = new byte*[args.Count];
            try
            {
                for (var i = 0; i < args.Count; i++) argv[i] = NativeText.Alloc(args[i]);
                var error = stackalloc byte[2048];
                error[0] = 0;
                fixed (byte** argvPtr = argv)
                {
                    if (HostApi.rx_runtime_init(args.Count, argvPtr, error, 2048) != 0)
                        throw new InvalidOperationException("Node initialisation failed: " + NativeText.Read(error));
                }
            }
            finally
            {
                foreach (var p in argv) NativeMemory.Free(p);
            }
            // Before any environment can spawn a child process (UnavailableReason has ruled out anything but Linux).
            if (OperatingSystem.IsLinux()) ChildProcessSignals.Share();
            _flags = engineFlags.ToList();
        }
    }
}
