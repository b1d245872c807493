using Runner.Extensible.ImportMeta;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.V8.Tests.Evaluator;

public sealed class ImportMetaTests
{
    [Fact]
    public async Task Import_meta_has_vites_keys_in_order_and_throwing_members()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.AdditionalImportMeta = new Dictionary<string, object?> { ["main"] = false };
        runner.Sources["/src/meta.js"] = """
            __vite_ssr_exportName__("report", () => { try { return report } catch {} });
            const attempt = (f) => { try { f(); return 'no error' } catch (e) { return e.message } };
            const m = __vite_ssr_import_meta__;
            const report = [
              Object.keys(m).join(','),
              m.filename, m.dirname, m.url, String(m.main),
              attempt(() => m.env.MODE),
              attempt(() => m.resolve('x')),
              attempt(() => m.glob('*.js')),
            ];
            """;

        var meta = await runner.ImportAsync("/src/meta.js");

        meta.GetProperty("report").ShouldBe(new object?[]
        {
            "filename,dirname,url,env,resolve,glob,main",
            "/src/meta.js", "/src", "file:///src/meta.js", "false",
            ImportMetaDescriptor.DynamicEnvAccessMessage,
            ImportMetaDescriptor.ResolveNotSupportedMessage,
            ImportMetaDescriptor.GlobMessage,
        });
    }

    [Fact]
    public async Task The_server_may_replace_env_and_additional_properties_may_supply_resolve()
    {
        await using var runner = await TestRunner.StartAsync();
        Func<string, string?, string> resolve = (id, parent) => $"resolved {id} from {parent ?? "(none)"}";
        runner.AdditionalImportMeta = new Dictionary<string, object?> { ["resolve"] = resolve };
        runner.Sources["/src/env.js"] = """
            __vite_ssr_import_meta__.env = {"BASE_URL":"/","DEV":true,"MODE":"development","PROD":false,"SSR":true};
            __vite_ssr_exportName__("mode", () => { try { return __vite_ssr_import_meta__.env.MODE } catch {} });
            __vite_ssr_exportName__("resolved", () => { try { return __vite_ssr_import_meta__.resolve('pkg') } catch {} });
            """;

        var env = await runner.ImportAsync("/src/env.js");

        env.Get<string>("mode").ShouldBe("development");
        env.Get<string>("resolved").ShouldBe("resolved pkg from (none)");
    }

    [Fact]
    public async Task Hot_is_absent_without_hmr_and_an_enumerable_accessor_with_it()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Sources["/src/nohot.js"] = """__vite_ssr_exportName__("hot", () => { try { return typeof __vite_ssr_import_meta__.hot } catch {} });""";
        (await runner.ImportAsync("/src/nohot.js")).Get<string>("hot").ShouldBe("undefined");

        runner.Hmr = true;
        runner.Sources["/src/hot.js"] = """
            __vite_ssr_exportName__("report", () => { try { return report } catch {} });
            const d = Object.getOwnPropertyDescriptor(__vite_ssr_import_meta__, 'hot');
            const report = [Object.keys(__vite_ssr_import_meta__).at(-1), String(d.enumerable), typeof d.get, typeof __vite_ssr_import_meta__.hot.accept,
              String(__vite_ssr_import_meta__.hot === __vite_ssr_import_meta__.hot)];
            """;

        (await runner.ImportAsync("/src/hot.js")).GetProperty("report").ShouldBe(new object?[] { "hot", "true", "function", "function", "true" });
    }

    [Fact]
    public async Task Hot_methods_reach_the_hot_context_with_vites_accept_overloads()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Hmr = true;
        runner.Sources["/src/hmr.js"] = """
            const hot = __vite_ssr_import_meta__.hot;
            const listener = () => {};
            hot.accept();
            hot.accept((mod) => { globalThis.selfAccepted = mod });
            hot.accept("/src/dep.js", (mod) => { globalThis.depAccepted = mod });
            hot.accept(["/src/a.js", "/src/b.js"], (mods) => { globalThis.manyAccepted = mods });
            hot.acceptExports(["x", "y"]);
            hot.dispose((data) => { data.disposed = true });
            hot.prune(() => {});
            hot.decline();
            hot.invalidate("changed shape");
            hot.on("custom:event", listener);
            hot.off("custom:event", listener);
            hot.send("custom:ping", { n: 1, list: ["a"] });
            let invalidUsage;
            try { hot.accept(42) } catch (e) { invalidUsage = e.message }
            __vite_ssr_exportName__("invalidUsage", () => { try { return invalidUsage } catch {} });
            """;

        var module = await runner.ImportAsync("/src/hmr.js");
        var hot = runner.HotContexts["/src/hmr.js"];

        hot.Calls.ToList().ShouldBe([
            "accept [/src/hmr.js] callback",
            "accept [/src/hmr.js] callback",
            "accept [/src/dep.js] callback",
            "accept [/src/a.js,/src/b.js] callback",
            "acceptExports [x,y]",
            "dispose",
            "prune",
            "decline",
            "invalidate changed shape",
            "on custom:event",
            "off custom:event found",
            "send custom:ping",
        ]);
        module.Get<string>("invalidUsage").ShouldBe("invalid hot.accept() usage.");
        hot.LastSent!.Value.GetRawText().ShouldBe("""{"n":1,"list":["a"]}""");

        // The core calls accept callbacks with one array aligned with the dependencies.
        var newModule = module;
        await hot.Accepts[1].Callback!.InvokeAsync((object?)new object?[] { newModule });
        await hot.Accepts[3].Callback!.InvokeAsync((object?)new object?[] { null, newModule });
        var check = await runner.Evaluator.Environment.InvokeAsync(js =>
            js.ToClr(js.RunScript("[globalThis.selfAccepted === globalThis.manyAccepted[1], globalThis.manyAccepted[0] === undefined]", "check.js")));
        check.ShouldBe(new object?[] { true, true });
    }

    [Fact]
    public async Task Hot_data_is_one_object_per_module_across_instances()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Hmr = true;
        runner.Sources["/src/stateful.js"] = """
            __vite_ssr_exportName__("generation", () => { try { return generation } catch {} });
            const data = __vite_ssr_import_meta__.hot.data;
            data.count = (data.count ?? 0) + 1;
            const generation = data.count;
            """;

        (await runner.ImportAsync("/src/stateful.js")).Get<double>("generation").ShouldBe(1);
        runner.Invalidate("/src/stateful.js");
        (await runner.ImportAsync("/src/stateful.js")).Get<double>("generation").ShouldBe(2);
    }

    [Fact]
    public async Task The_dispose_callback_receives_hot_data()
    {
        await using var runner = await TestRunner.StartAsync();
        runner.Hmr = true;
        runner.Sources["/src/disposable.js"] = """
            __vite_ssr_import_meta__.hot.dispose((data) => { data.disposedAt = 'old instance' });
            """;
        await runner.ImportAsync("/src/disposable.js");
        var hot = runner.HotContexts["/src/disposable.js"];

        await hot.DisposeCallback!.InvokeAsync(hot.Data);

        var data = await runner.Evaluator.Environment.InvokeAsync(js => (IScriptObject)js.ToClr(js.FromClr(hot.Data))!);
        data.Get<string>("disposedAt").ShouldBe("old instance");
    }
}
