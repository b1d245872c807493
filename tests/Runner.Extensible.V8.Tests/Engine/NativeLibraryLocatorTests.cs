using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class NativeLibraryLocatorTests
{
    [Fact]
    public void The_hosts_native_search_folders_are_searched_so_a_packaged_plugin_finds_its_runtimes_assets()
    {
        // A consumer of the NuGet package gets the libraries in runtimes/linux-x64/native/, which the host
        // lists here; the repository's baked .deps/native does not exist on that machine.
        var hostDirs = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string)
            .ShouldNotBeNull("the .NET host always sets NATIVE_DLL_SEARCH_DIRECTORIES")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        hostDirs.ShouldNotBeEmpty();

        var searched = NativeLibraryLocator.SearchDirectories();
        foreach (var dir in hostDirs) searched.ShouldContain(dir);
        searched[0].ShouldBe(AppContext.BaseDirectory, "the application's own folder comes first");
    }
}
