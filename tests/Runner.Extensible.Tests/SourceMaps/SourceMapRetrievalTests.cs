using Runner.Extensible.Graph;
using Runner.Extensible.SourceMaps;
using static Runner.Extensible.Tests.SourceMaps.SourceMapInterceptorTests;
using static Runner.Extensible.Tests.SourceMaps.TestSourceMap;

namespace Runner.Extensible.Tests.SourceMaps;

/// <summary>Scripts outside the runner's graph: <c>retrieveSourceMap</c>, <c>retrieveFile</c>, the file system, and chains of maps.</summary>
public sealed class SourceMapRetrievalTests : IDisposable
{
    private readonly EvaluatedModules _modules = new();
    private readonly string _tempDir = Path.Combine(Path.GetTempPath(), "rx-sourcemaps-" + Guid.NewGuid().ToString("N"));

    // A bundle whose generated line 1, column 0 comes from ../src/a.ts line 3, column 4 (and column 10 from
    // line 4, column 0), with a.ts's text in sourcesContent.
    private static string BundleMap(string? aContent = null) =>
        MapJson(EncodeMappings([[new(0, 0, 2, 4), new(10, 0, 3, 0)]]), ["../src/a.ts"], [aContent ?? "// a.ts"]);

    public void Dispose()
    {
        if (Directory.Exists(_tempDir)) Directory.Delete(_tempDir, recursive: true);
    }

    [Fact]
    public void Retrieve_source_map_handlers_are_asked_in_order_and_the_first_answer_wins()
    {
        var asked = new List<string>();
        var interceptor = new SourceMapInterceptor(_modules, [], [
            source => { asked.Add("first:" + source); return null; },
            source => { asked.Add("second:" + source); return new RetrievedSourceMap("/root/dist/bundle.js", BundleMap()); },
            source => { asked.Add("third:" + source); return null; },
        ]);

        var mapped = interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 11, "f")]).ShouldHaveSingleItem();

        mapped.ToString().ShouldBe("f (/root/src/a.ts:4:1)");
        asked.ShouldBe(["first:/root/dist/bundle.js", "second:/root/dist/bundle.js"]);
    }

    [Fact]
    public void A_retrieved_map_is_cached_per_script_and_so_is_its_absence()
    {
        var calls = 0;
        var interceptor = new SourceMapInterceptor(_modules, [], [source =>
        {
            calls++;
            return source == "/root/dist/bundle.js" ? new RetrievedSourceMap(source, BundleMap()) : null;
        }]);

        for (var i = 0; i < 3; i++)
            interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 1, "f"), Frame("/root/dist/other.js", 1, 1, "g")]);

        calls.ShouldBe(2);
    }

    [Fact]
    public void The_eval_name_is_kept_for_frames_mapped_outside_the_runners_graph()
    {
        var interceptor = new SourceMapInterceptor(_modules, [], [source => new RetrievedSourceMap(source, BundleMap())]);

        interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 1, "eval", isEval: true)])[0].ToString()
            .ShouldBe("eval (/root/src/a.ts:3:5)");
    }

    [Fact]
    public void The_runners_graph_comes_before_any_handler()
    {
        const string id = "/root/src/mod.js";
        AddModule(_modules, id, "/src/mod.js", ServerCode(id, "throw new Error('x')\n", ["mod.ts"], [[new(0, 0, 6, 0), new(6, 0, 6, 6)]]));
        var handlerCalls = 0;
        var interceptor = new SourceMapInterceptor(_modules, [_ => { handlerCalls++; return null; }], [_ => { handlerCalls++; return null; }]);

        interceptor.MapStackTrace([Frame(id, 4, 7, "eval", isEval: true)])[0].ToString().ShouldBe("/root/src/mod.ts:7:7");
        handlerCalls.ShouldBe(0);
    }

    [Fact]
    public void A_files_inline_data_url_map_is_read_through_retrieve_file()
    {
        var files = new Dictionary<string, string>
        {
            ["/root/dist/bundle.js"] = "f();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64," + Base64(BundleMap()) + "\n",
        };
        var interceptor = new SourceMapInterceptor(_modules, [files.GetValueOrDefault], []);

        interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 1, "f")])[0].ToString().ShouldBe("f (/root/src/a.ts:3:5)");
    }

    [Fact]
    public void A_map_file_named_relative_to_the_script_is_read_through_retrieve_file()
    {
        var asked = new List<string>();
        var files = new Dictionary<string, string>
        {
            ["/root/dist/bundle.js"] = "f();\n//# sourceMappingURL=maps/bundle.js.map",
            ["/root/dist/maps/bundle.js.map"] = MapJson(EncodeMappings([[new(0, 0, 2, 4)]]), ["../../src/a.ts"]),
        };
        var interceptor = new SourceMapInterceptor(_modules, [path => { asked.Add(path); return files.GetValueOrDefault(path); }], []);

        interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 1, "f")])[0].ToString().ShouldBe("f (/root/src/a.ts:3:5)");
        asked.ShouldBe(["/root/dist/bundle.js", "/root/dist/maps/bundle.js.map"]);
    }

    [Fact]
    public void Sources_content_of_a_found_map_seeds_the_file_cache_so_chained_maps_resolve()
    {
        // a.ts never exists anywhere; its text (with its own inline map to a.coffee) is only in bundle.js.map.
        var aTs = "x();\n//# sourceMappingURL=data:application/json;base64," +
                  Base64(MapJson(EncodeMappings([], [], [new(0, 0, 1, 2)]), ["a.coffee"])) + "\n";
        var asked = new List<string>();
        var interceptor = new SourceMapInterceptor(_modules,
            [path => { asked.Add(path); return null; }],
            [source => source == "/root/dist/bundle.js" ? new RetrievedSourceMap(source, BundleMap(aTs)) : null]);

        var bundleFrame = interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 1, "f")])[0];
        var chained = interceptor.MapStackTrace([bundleFrame])[0];

        bundleFrame.ToString().ShouldBe("f (/root/src/a.ts:3:5)");
        chained.ToString().ShouldBe("f (/root/src/a.coffee:2:3)");
        asked.ShouldNotContain("/root/src/a.ts");
    }

    [Fact]
    public void The_file_system_is_read_when_no_handler_answers()
    {
        Directory.CreateDirectory(Path.Combine(_tempDir, "dist"));
        var bundle = Path.Combine(_tempDir, "dist", "bundle.js").Replace('\\', '/');
        File.WriteAllText(bundle, "f();\n//# sourceMappingURL=bundle.js.map\n");
        File.WriteAllText(bundle + ".map", BundleMap());
        var interceptor = new SourceMapInterceptor(_modules, [_ => null], []);

        var mapped = interceptor.MapStackTrace([Frame(bundle, 1, 1, "f")])[0];

        mapped.FileName.ShouldBe(SourcePaths.Resolve(_tempDir.Replace('\\', '/'), "src/a.ts"));
        (mapped.LineNumber, mapped.ColumnNumber).ShouldBe((3, 5));
    }

    [Fact]
    public void A_handler_that_throws_passes_to_the_next_one()
    {
        var interceptor = new SourceMapInterceptor(_modules,
            [_ => throw new IOException("disk gone"), path => path == "/root/dist/bundle.js" ? "f();\n//# sourceMappingURL=data:application/json;base64," + Base64(BundleMap()) : null],
            [_ => throw new InvalidOperationException("broken handler")]);

        interceptor.MapStackTrace([Frame("/root/dist/bundle.js", 1, 1, "f")])[0].ToString().ShouldBe("f (/root/src/a.ts:3:5)");
    }

    [Fact]
    public void A_map_that_is_not_json_leaves_the_frame_unchanged()
    {
        var interceptor = new SourceMapInterceptor(_modules, [], [source => new RetrievedSourceMap(source, "not json")]);
        var frame = Frame("/root/dist/bundle.js", 1, 1, "f");

        interceptor.MapStackTrace([frame])[0].ShouldBeSameAs(frame);
    }
}
