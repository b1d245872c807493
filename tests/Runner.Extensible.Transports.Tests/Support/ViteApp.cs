namespace Runner.Extensible.Transports.Tests.Support;

/// <summary>A temporary copy of <c>tests/fixtures/vite-app</c> that tests may edit; deleted on dispose.</summary>
internal sealed class ViteApp : IDisposable
{
    private readonly string _parent;

    private ViteApp(string parent, string root)
    {
        _parent = parent;
        Root = root;
    }

    public string Root { get; }

    /// <summary>Where the plugin writes its connection file for the default environment.</summary>
    public string ConnectionFile => Path.Combine(Root, "node_modules", ".runner-extensible", "dotnet.json");

    public static ViteApp Create()
    {
        var parent = Path.Combine(Path.GetTempPath(), "rx-transport-tests-" + Guid.NewGuid().ToString("N")[..12]);
        var root = Path.Combine(parent, "app");
        Copy(new DirectoryInfo(RepoPaths.FixtureApp), root);
        return new ViteApp(parent, root);
    }

    /// <summary>Replaces text in a file of the copy (as an editor would save it) and returns its path.</summary>
    public string Edit(string relativeFile, string search, string replacement)
    {
        var file = Path.Combine(Root, relativeFile);
        var text = File.ReadAllText(file);
        text.ShouldContain(search, customMessage: $"{relativeFile} should contain the text to replace");
        WriteAtomically(file, text.Replace(search, replacement, StringComparison.Ordinal));
        return file;
    }

    /// <summary>Writes a file into the copy.</summary>
    public string Write(string relativeFile, string text)
    {
        var file = Path.Combine(Root, relativeFile);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        WriteAtomically(file, text);
        return file;
    }

    /// <summary>
    /// Saves as editors do: a temporary file renamed over the target. A plain rewrite truncates first, and the watcher
    /// may then report two changes for one save (seen: two full reloads for one edit).
    /// </summary>
    private static void WriteAtomically(string file, string text)
    {
        var temporary = file + ".rx-tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, file, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_parent, recursive: true);
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file briefly; the temp folder is cleaned by the OS later.
        }
    }

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.GetFiles()) file.CopyTo(Path.Combine(target, file.Name));
        foreach (var directory in source.GetDirectories())
        {
            // Caches Vite and the plugin write beside the fixture's hand-written packages.
            if (directory.Name.StartsWith('.') && directory.Parent?.Name == "node_modules") continue;
            Copy(directory, Path.Combine(target, directory.Name));
        }
    }
}
