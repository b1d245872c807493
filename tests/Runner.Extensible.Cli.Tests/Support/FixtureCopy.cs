namespace Runner.Extensible.Cli.Tests.Support;

/// <summary>
/// A copy of the fixture project that a test may edit, deleted on dispose. It lives under the test's output folder,
/// inside the repository, so Node finds Vite in the repository's node_modules as it does for the originals.
/// </summary>
internal sealed class FixtureCopy : IDisposable
{
    private FixtureCopy(string root) => Root = root;

    public string Root { get; }

    public static FixtureCopy Create()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "work", Guid.NewGuid().ToString("N")[..12]);
        Copy(new DirectoryInfo(RepoPaths.FixtureApp), root);
        return new FixtureCopy(root);
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes a file of the copy, as an editor saves it.</summary>
    public void Write(string relative, string text)
    {
        var file = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // A temporary file renamed over the target, as editors save: a plain rewrite truncates first, and the
        // watcher may then report two changes for one save.
        File.WriteAllText(file + ".rx-tmp", text);
        File.Move(file + ".rx-tmp", file, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child still shutting down may hold a file for a moment; the folder is under bin/ and git-ignored.
        }
    }

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.GetFiles()) file.CopyTo(Path.Combine(target, file.Name));
        foreach (var directory in source.GetDirectories())
        {
            if (directory.Name == "node_modules") continue;
            Copy(directory, Path.Combine(target, directory.Name));
        }
    }
}
