using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

public sealed class ImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("runner-v8-import-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Imports_a_node_builtin()
    {
        await using var env = await EngineRequirement.StartAsync();

        using var path = await ImportAsync(env, "node:path");

        using var join = (await path.GetAsync("join")).ShouldBeOfType<JsFunctionHandle>();
        (await join.InvokeAsync("a", "b")).ShouldBe("a/b");
        using var defaultExport = (await path.GetAsync("default")).ShouldBeOfType<JsObjectHandle>();
    }

    [Fact]
    public async Task Imports_an_esm_package_from_node_modules_by_file_url()
    {
        Write("node_modules/esm-pkg/package.json", """{ "name": "esm-pkg", "type": "module", "exports": "./index.js" }""");
        Write("node_modules/esm-pkg/index.js", "import { sep } from 'node:path'; export const hello = (n) => `hello ${n}${sep}`; export default 'esm default';");
        await using var env = await EngineRequirement.StartAsync(workingDirectory: _root);

        using var ns = await ImportAsync(env, new Uri(Path.Combine(_root, "node_modules/esm-pkg/index.js")).AbsoluteUri);

        (await ns.GetAsync("default")).ShouldBe("esm default");
        using var hello = (await ns.GetAsync("hello")).ShouldBeOfType<JsFunctionHandle>();
        (await hello.InvokeAsync("x")).ShouldBe("hello x/");
    }

    [Fact]
    public async Task Imports_a_commonjs_package_and_requires_it_by_name()
    {
        Write("node_modules/cjs-pkg/package.json", """{ "name": "cjs-pkg", "main": "main.js" }""");
        Write("node_modules/cjs-pkg/main.js", "exports.twice = (x) => x * 2; exports.kind = 'cjs';");
        await using var env = await EngineRequirement.StartAsync(workingDirectory: _root);

        using var ns = await ImportAsync(env, new Uri(Path.Combine(_root, "node_modules/cjs-pkg/main.js")).AbsoluteUri);
        using var module = (await ns.GetAsync("default")).ShouldBeOfType<JsObjectHandle>();

        (await module.GetAsync("kind")).ShouldBe("cjs");
        (await env.EvalAsync("require('cjs-pkg').twice(21)")).ShouldBe(42d);
    }

    [Fact]
    public async Task Import_works_in_the_bare_context_too()
    {
        await using var env = await EngineRequirement.StartAsync(exposeNodeApis: false);

        using var url = await ImportAsync(env, "node:url");

        (await url.GetKeysAsync()).ShouldContain("fileURLToPath");
    }

    [Fact]
    public async Task A_missing_module_rejects_with_nodes_error()
    {
        await using var env = await EngineRequirement.StartAsync();

        var error = await Should.ThrowAsync<JsException>(() => ImportAsync(env, new Uri(Path.Combine(_root, "missing.js")).AbsoluteUri));

        error.Code.ShouldBe("ERR_MODULE_NOT_FOUND");
    }

    private static async Task<JsObjectHandle> ImportAsync(NodeEnvironment env, string specifier)
    {
        var task = await env.InvokeAsync(js => js.AwaitPromise(js.ImportModule(specifier)));
        return (await task).ShouldBeOfType<JsObjectHandle>();
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
