using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// A temporary copy of <c>tests/fixtures/vite-app</c> with this project's <c>app/</c> folder laid over it: the
/// fixture's config moves to <c>fixture.config.ts</c> and <c>app/vite.config.ts</c> extends it with the tests' server
/// half; <c>app/src/e2e/*</c> adds the bridge modules.
/// </summary>
internal static class EndToEndApp
{
    private static string Overlay => Path.Combine(RepoPaths.Root, "tests", "Runner.Extensible.EndToEnd.Tests", "app");

    public static ViteApp Create()
    {
        var app = ViteApp.Create();
        File.Move(Path.Combine(app.Root, "vite.config.ts"), Path.Combine(app.Root, "fixture.config.ts"));
        foreach (var file in Directory.EnumerateFiles(Overlay, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Overlay, file);
            app.Write(relative, File.ReadAllText(file));
        }
        return app;
    }
}
