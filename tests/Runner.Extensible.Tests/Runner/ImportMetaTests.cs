using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Tests.Support;

// Not "…Tests.Runner": a namespace segment named Runner would shadow the root namespace for every test written as Runner.Extensible.X.
namespace Runner.Extensible.Tests.Runners;

public sealed class ImportMetaTests
{
    // Expected values printed by Vite 8.3.8's createDefaultImportMeta on Node 20.20 (cwd /tmp for the relative ones).
    [Theory]
    [InlineData("/a b/c%d/file.js", "file:///a%20b/c%25d/file.js", "/a b/c%d")]
    [InlineData("/x/y?z#w.js", "file:///x/y%3Fz%23w.js", "/x")]
    [InlineData("/tab\there/a.js", "file:///tab%09here/a.js", "/tab\there")]
    [InlineData("/ünï/cödé.js", "file:///%C3%BCn%C3%AF/c%C3%B6d%C3%A9.js", "/ünï")]
    [InlineData("/q/a^b`c{d}e|f\"g<h>i.js", "file:///q/a^b%60c%7Bd%7De|f%22g%3Ch%3Ei.js", "/q")]
    [InlineData("/dir/", "file:///dir/", "/")]
    [InlineData("/a/./b/../c.js", "file:///a/c.js", "/a/./b/..")]
    [InlineData("/back\\slash.js", "file:///back/slash.js", "/back")]
    [InlineData("//double//slash.js", "file:///double/slash.js", "//double/")]
    [InlineData("/semi;colon@at$dollar&amp'apos(par)*+,=.js", "file:///semi;colon@at$dollar&amp'apos(par)*+,=.js", "/")]
    [InlineData("/emoji😀.js", "file:///emoji%F0%9F%98%80.js", "/")]
    [InlineData("/ctl\u0001\u007f.js", "file:///ctl%01%7F.js", "/")]
    [InlineData("/[br]/~t.js", "file:///[br]/~t.js", "/[br]")]
    public void The_default_factory_matches_Vites_url_filename_and_dirname(string modulePath, string url, string dirname)
    {
        var meta = new DefaultImportMetaFactory().Create(modulePath, Module(modulePath));

        meta.Url.ShouldBe(url);
        meta.Filename.ShouldBe(modulePath);
        meta.Dirname.ShouldBe(dirname);
        meta.Hot.ShouldBeNull();
        meta.AdditionalProperties.ShouldBeEmpty();
    }

    [Fact]
    public void Virtual_and_relative_paths_resolve_under_the_current_directory()
    {
        var cwd = Environment.CurrentDirectory.Replace('\\', '/');

        var virtualMeta = new DefaultImportMetaFactory().Create("\0virtual:m", Module("\0virtual:m"));
        var relativeMeta = new DefaultImportMetaFactory().Create("rel/x.js", Module("rel/x.js"));

        virtualMeta.Url.ShouldBe($"file://{cwd}/%00virtual:m");
        virtualMeta.Filename.ShouldBe("\0virtual:m");
        virtualMeta.Dirname.ShouldBe(".");
        relativeMeta.Url.ShouldBe($"file://{cwd}/rel/x.js");
        relativeMeta.Dirname.ShouldBe("rel");
    }

    [Fact]
    public async Task The_runner_builds_import_meta_from_the_file_without_its_query()
    {
        await using var scope = RunnerScope.Create();
        scope.Server.AddModule("/src/def.js?raw", "// test:export x=1", id: "/root/a b/def.js?raw", file: "/root/a b/def.js");

        await scope.ImportAsync("/src/def.js?raw");

        var meta = scope.Evaluator.Contexts["/root/a b/def.js?raw"].ImportMeta;
        meta.Url.ShouldBe("file:///root/a%20b/def.js");
        meta.Filename.ShouldBe("/root/a b/def.js");
        meta.Dirname.ShouldBe("/root/a b");
    }

    [Fact]
    public async Task Without_a_file_the_runner_uses_the_id_and_a_custom_factory_is_honoured()
    {
        var factory = new RecordingFactory();
        await using var scope = RunnerScope.Create(configure: c => c with { ImportMetaFactory = factory });
        scope.Server.AddRawResult("/src/no-file.ts", """{"code":"// test:export x=1","file":null,"id":"/root/src/no-file.ts?v=1","url":"/src/no-file.ts","invalidate":true}""");

        await scope.ImportAsync("/src/no-file.ts");

        factory.Requests.ShouldBe([("/root/src/no-file.ts", "/root/src/no-file.ts?v=1")]);
        scope.Evaluator.Contexts["/root/src/no-file.ts?v=1"].ImportMeta.AdditionalProperties["main"].ShouldBe(false);
    }

    [Fact]
    public void Posix_helpers_match_pathe()
    {
        ModuleIds.PosixResolve("/src", "./dyn/computed.ts").ShouldBe("/src/dyn/computed.ts");
        ModuleIds.PosixResolve("/src/a", "../../../x.ts").ShouldBe("/x.ts");
        ModuleIds.PosixResolve("/src", "/abs/x.ts").ShouldBe("/abs/x.ts");
        ModuleIds.PosixResolve("/src/", "a//b/./c.ts").ShouldBe("/src/a/b/c.ts");
        ModuleIds.PosixResolve(".", "./x.ts").ShouldBe(Environment.CurrentDirectory.Replace('\\', '/') + "/x.ts");
        ModuleIds.PosixDirname("/src/main.ts").ShouldBe("/src");
        ModuleIds.PosixDirname("/main.ts").ShouldBe("/");
        ModuleIds.PosixDirname("main.ts").ShouldBe(".");
        ModuleIds.PosixDirname("/src/dir/").ShouldBe("/src");
        ModuleIds.PosixDirname("C:/x.js").ShouldBe("C:/");
        ModuleIds.UnwrapId("/@id/__x00__virtual:a__x00__b").ShouldBe("\0virtual:a__x00__b");
    }

    private static IEvaluatedModule Module(string id) => new EvaluatedModules().EnsureModule(id, id);

    private sealed class RecordingFactory : IImportMetaFactory
    {
        public List<(string ModulePath, string ModuleId)> Requests { get; } = [];

        public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module)
        {
            Requests.Add((modulePath, module.Id));
            return new DefaultImportMetaFactory().Create(modulePath, module) with { AdditionalProperties = new Dictionary<string, object?> { ["main"] = false } };
        }
    }
}
