using Runner.Extensible.Scripting;

namespace Runner.Extensible.V8.Tests.Evaluator;

public sealed class ExternalModuleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("runner-v8-external-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Node_builtins_load_through_nodes_loader()
    {
        await using var runner = await TestRunner.StartAsync();

        var path = await runner.Evaluator.RunExternalModuleAsync("node:path", TestContext.Current.CancellationToken);

        (await path.InvokeAsync<string>("join", "a", "b")).ShouldBe("a/b");
        path.GetProperty("default").ShouldBeAssignableTo<IScriptObject>();
    }

    [Fact]
    public async Task Data_urls_load()
    {
        await using var runner = await TestRunner.StartAsync();

        var module = await runner.Evaluator.RunExternalModuleAsync("data:text/javascript,export default 1", TestContext.Current.CancellationToken);

        module.Get<double>("default").ShouldBe(1);
    }

    [Fact]
    public async Task Externalized_packages_from_node_modules_load_by_file_url_and_modules_can_import_them()
    {
        Write("node_modules/esm-pkg/package.json", """{ "name": "esm-pkg", "type": "module" }""");
        Write("node_modules/esm-pkg/index.js", "export const shout = (s) => s.toUpperCase() + '!';");
        Write("node_modules/cjs-pkg/package.json", """{ "name": "cjs-pkg" }""");
        Write("node_modules/cjs-pkg/index.js", "module.exports = { twice: (x) => x * 2 };");
        var esm = new Uri(Path.Combine(_root, "node_modules/esm-pkg/index.js")).AbsoluteUri;
        var cjs = new Uri(Path.Combine(_root, "node_modules/cjs-pkg/index.js")).AbsoluteUri;
        await using var runner = await TestRunner.StartAsync(o => o.WorkingDirectory = _root);
        runner.Sources["/src/uses-packages.js"] = $$"""
            __vite_ssr_exportName__("result", () => { try { return result } catch {} });
            const __vite_ssr_import_0__ = await __vite_ssr_import__("{{esm}}", {"importedNames":["shout"]});
            const __vite_ssr_import_1__ = await __vite_ssr_import__("{{cjs}}", {"importedNames":["default"]});
            const result = (0,__vite_ssr_import_0__.shout)('hi') + (0,__vite_ssr_import_1__.default).twice(21);
            """;

        var module = await runner.ImportAsync("/src/uses-packages.js");

        module.Get<string>("result").ShouldBe("HI!42");
    }

    [Fact]
    public async Task A_missing_external_fails_with_a_script_exception()
    {
        await using var runner = await TestRunner.StartAsync();

        var error = await Should.ThrowAsync<ScriptException>(() => runner.Evaluator.RunExternalModuleAsync(
            new Uri(Path.Combine(_root, "nope.js")).AbsoluteUri, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("ERR_MODULE_NOT_FOUND");
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
