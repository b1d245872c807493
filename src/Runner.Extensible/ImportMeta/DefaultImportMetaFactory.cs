using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;

namespace Runner.Extensible.ImportMeta;

/// <summary>
/// Vite's <c>createDefaultImportMeta</c>: <c>url</c> is the module path's <c>file://</c> href, <c>filename</c> the
/// path (backslashes on Windows) and <c>dirname</c> its posix directory. A virtual module such as
/// <c>\0virtual:m</c> gets <c>file:///&lt;cwd&gt;/%00virtual:m</c>, <c>\0virtual:m</c> and <c>.</c>, as in Vite.
/// <c>env</c>, <c>resolve</c> and <c>glob</c> throw Vite's messages (the evaluator builds them from
/// <see cref="ImportMetaDescriptor"/>); <c>hot</c> is added by the runner.
/// </summary>
public sealed class DefaultImportMetaFactory : IImportMetaFactory
{
    /// <inheritdoc />
    public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        var dirname = ModuleIds.PosixDirname(modulePath);
        return new ImportMetaDescriptor
        {
            Url = FileHref.FromPosixPath(modulePath),
            Filename = OperatingSystem.IsWindows() ? modulePath.Replace('/', '\\') : modulePath,
            Dirname = OperatingSystem.IsWindows() ? dirname.Replace('/', '\\') : dirname,
        };
    }
}
