using System.Reflection;
using System.Runtime.InteropServices;

namespace Runner.Extensible.V8.Engine.Native;

/// <summary>
/// Finds the native shim and libnode without <c>LD_LIBRARY_PATH</c>: next to the application,
/// in the host's native search folders (where a package's <c>runtimes/linux-x64/native</c> assets
/// land), then in the repository's <c>.deps/native</c> folder (baked in by a repository build).
/// Both Node-API and shim imports resolve to the shim's handle, so <c>napi_*</c> reach the very
/// libnode image the shim loaded.
/// </summary>
internal static class NativeLibraryLocator
{
    internal const string ShimFileName = "librunner_v8_host.so";
    internal const string LibnodeFileName = "libnode.so.108";
    internal const string SetupHint = "Run scripts/setup-libnode.sh to download libnode and build the native shim.";

    private static readonly Lock Gate = new();
    private static bool _resolverInstalled;
    private static nint _shimHandle;

    /// <summary>The folders searched for <see cref="ShimFileName"/>, in order.</summary>
    internal static IReadOnlyList<string> SearchDirectories()
    {
        var dirs = new List<string> { AppContext.BaseDirectory };
        var assemblyDir = Path.GetDirectoryName(typeof(NativeLibraryLocator).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir)) dirs.Add(assemblyDir);
        // The host fills this from the app's deps.json: a consumer of the package finds the libraries here.
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string hostDirs)
            dirs.AddRange(hostDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var baked = typeof(NativeLibraryLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RunnerV8NativeDirectory")?.Value;
        if (!string.IsNullOrEmpty(baked)) dirs.Add(baked);
        return dirs.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The shim's path, or null when it has not been built.</summary>
    internal static string? FindShim()
    {
        foreach (var dir in SearchDirectories())
        {
            var candidate = Path.Combine(dir, ShimFileName);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir, LibnodeFileName))) return candidate;
        }
        return null;
    }

    /// <summary>Installs the import resolver once for this assembly.</summary>
    internal static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_resolverInstalled) return;
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLocator).Assembly, Resolve);
            _resolverInstalled = true;
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != HostApi.Library && name != NodeApi.Library) return 0;
        lock (Gate)
        {
            if (_shimHandle != 0) return _shimHandle;
            var path = FindShim() ?? throw new DllNotFoundException(
                $"{ShimFileName} (with {LibnodeFileName} beside it) was not found in " +
                $"{string.Join(", ", SearchDirectories())}. {SetupHint}");
            _shimHandle = NativeLibrary.Load(path);
            return _shimHandle;
        }
    }
}
