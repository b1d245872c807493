using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using static Runner.Extensible.Tests.SourceMaps.TestSourceMap;

namespace Runner.Extensible.Tests.SourceMaps;

/// <summary>
/// The frame formats of Vite's source-map tests (§4.4 of the protocol notes), on hand-built modules whose
/// maps say exactly where each generated position comes from. Generated lines as the engine reports them
/// are the code line + 3 (the evaluator's start offset, which the server's 3 leading ';' account for).
/// </summary>
public sealed class SourceMapInterceptorTests
{
    private const string Root = "/root/fixtures";
    private readonly EvaluatedModules _modules = new();
    private readonly SourceMapInterceptor _interceptor;

    public SourceMapInterceptorTests() => _interceptor = new SourceMapInterceptor(_modules, [], []);

    internal static ScriptStackFrame Frame(string? file, int? line, int? column, string? function = null, string? type = null, bool isEval = false) => new()
    {
        FileName = file,
        LineNumber = line,
        ColumnNumber = column,
        FunctionName = function,
        TypeName = type,
        IsToplevel = type is null,
        IsEval = isEval,
    };

    private string Stack(params ScriptStackFrame[] frames) => _interceptor.FormatMappedStack("Error", "boom", frames);

    private static string[] Lines(string stack) => stack.Split('\n');

    // has-error.js: "// comment" / "throw new Error('boom')": the error is created at 2:7.
    private void AddHasError() => AddModule(_modules, $"{Root}/has-error.js", "/fixtures/has-error.js", ServerCode(
        $"{Root}/has-error.js",
        "// comment\nthrow new Error('boom')\n",
        ["has-error.js"],
        [[new(0, 0, 0, 0)], [new(0, 0, 1, 0), new(6, 0, 1, 6)]]));

    // throws-error-method.ts: throwError() throws at 6:9 (+ shift lines prepended to the original, as an edit would).
    private void AddThrowsErrorMethod(int shift = 0) => AddModule(_modules, $"{Root}/throws-error-method.ts", "/fixtures/throws-error-method.ts", ServerCode(
        $"{Root}/throws-error-method.ts",
        "__vite_ssr_exportName__(\"throwError\", () => { try { return throwError } catch {} });\nfunction throwError() {\n\tthrow new Error(\"method error\");\n}\n",
        ["throws-error-method.ts"],
        [[], [new(0, 0, 4 + shift, 0)], [new(1, 0, 5 + shift, 2), new(7, 0, 5 + shift, 8)], [new(0, 0, 6 + shift, 0)]]));

    private static readonly ScriptStackFrame ThrowErrorFrame = Frame($"{Root}/throws-error-method.ts", 6, 8, "throwError", "Module", isEval: true);

    [Fact]
    public void Top_level_frame_maps_to_the_original_position_without_the_eval_name()
    {
        AddHasError();

        var stack = Stack(Frame($"{Root}/has-error.js", 5, 7, "eval", isEval: true));

        Lines(stack).ShouldBe(["Error: boom", "    at /root/fixtures/has-error.js:2:7"]);
    }

    [Fact]
    public void Method_call_frame_keeps_its_type_and_name()
    {
        AddThrowsErrorMethod();

        Lines(Stack(ThrowErrorFrame))[1].ShouldBe("    at Module.throwError (/root/fixtures/throws-error-method.ts:6:9)");
    }

    [Fact]
    public void After_an_edit_and_a_cleared_graph_the_new_map_applies()
    {
        AddThrowsErrorMethod();
        Lines(Stack(ThrowErrorFrame))[1].ShouldBe("    at Module.throwError (/root/fixtures/throws-error-method.ts:6:9)");

        _modules.Clear();
        AddThrowsErrorMethod(shift: 5);

        Lines(Stack(ThrowErrorFrame))[1].ShouldBe("    at Module.throwError (/root/fixtures/throws-error-method.ts:11:9)");
    }

    [Fact]
    public void After_invalidation_and_a_new_fetch_the_cached_map_is_replaced()
    {
        AddThrowsErrorMethod();
        var node = _modules.GetModuleById($"{Root}/throws-error-method.ts").ShouldNotBeNull();
        Stack(ThrowErrorFrame);
        node.Map.ShouldBeOfType<RunnerMapCacheEntry>().Map.ShouldNotBeNull();

        _modules.InvalidateModule(node);
        AddThrowsErrorMethod(shift: 5);

        Lines(Stack(ThrowErrorFrame))[1].ShouldBe("    at Module.throwError (/root/fixtures/throws-error-method.ts:11:9)");
    }

    [Fact]
    public void A_cache_entry_written_for_an_older_fetch_is_ignored()
    {
        AddThrowsErrorMethod();
        var node = _modules.GetModuleById($"{Root}/throws-error-method.ts").ShouldNotBeNull();
        Stack(ThrowErrorFrame);
        var staleEntry = node.Map;

        // An evaluator thread finishing a lookup after the runner swapped the module's code.
        AddThrowsErrorMethod(shift: 5);
        node.Map = staleEntry;

        Lines(Stack(ThrowErrorFrame))[1].ShouldBe("    at Module.throwError (/root/fixtures/throws-error-method.ts:11:9)");
    }

    [Fact]
    public void An_error_on_the_first_line_maps_to_line_1()
    {
        AddModule(_modules, $"{Root}/has-error-first.js", "/fixtures/has-error-first.js", ServerCode(
            $"{Root}/has-error-first.js", "throw new Error('first')\n", ["has-error-first.js"], [[new(0, 0, 0, 0), new(6, 0, 0, 6)]]));

        Lines(Stack(Frame($"{Root}/has-error-first.js", 4, 7, "eval", isEval: true)))[1].ShouldBe("    at /root/fixtures/has-error-first.js:1:7");
    }

    [Fact]
    public void Frames_on_the_evaluators_wrapper_lines_stay_unmapped()
    {
        AddHasError();
        var wrapperFrame = Frame($"{Root}/has-error.js", 2, 1, "eval", isEval: true);

        _interceptor.MapStackTrace([wrapperFrame]).ShouldHaveSingleItem().ShouldBeSameAs(wrapperFrame);
    }

    [Fact]
    public void Deep_stack_renames_the_callee_with_the_name_at_its_call_site()
    {
        // has-error-deep.ts: function crash(message) { throw new Error(message) } … export function main() { crash('crash') }
        // The generated code calls the function "a" (as a minifier would); the map names the call site "crash".
        // Vite 8.3.8's own runner, given these modules on node, prints exactly the lines asserted here.
        AddModule(_modules, $"{Root}/has-error-deep.ts", "/fixtures/has-error-deep.ts", ServerCode(
            $"{Root}/has-error-deep.ts",
            "__vite_ssr_exportName__(\"main\", () => { try { return main } catch {} });\nfunction a(message) {\n\tthrow new Error(message);\n}\nfunction main() {\n\ta(\"crash\");\n}\n",
            ["has-error-deep.ts"],
            [[], [new(0, 0, 0, 0)], [new(1, 0, 1, 2), new(7, 0, 1, 8)], [], [new(0, 0, 4, 0)], [new(1, 0, 5, 2, 0)], []],
            names: ["crash"]));

        var stack = _interceptor.FormatMappedStack("Error", "crash", [
            Frame($"{Root}/has-error-deep.ts", 6, 8, "a", isEval: true),
            Frame($"{Root}/has-error-deep.ts", 9, 2, "main", "Module", isEval: true),
        ]);

        Lines(stack).ShouldBe([
            "Error: crash",
            "    at crash (/root/fixtures/has-error-deep.ts:2:9)",
            "    at Module.main (/root/fixtures/has-error-deep.ts:6:3)",
        ]);
    }

    [Fact]
    public void Call_of_an_imported_binding_maps_to_the_start_of_the_original_call()
    {
        AddModule(_modules, $"{Root}/has-error-toplevel-dep.js", "/fixtures/has-error-toplevel-dep.js", ServerCode(
            $"{Root}/has-error-toplevel-dep.js",
            "__vite_ssr_exportName__(\"crash\", () => { try { return crash } catch {} });\nfunction crash() {\n\tthrow new Error(\"crash\");\n}\n",
            ["has-error-toplevel-dep.js"],
            [[], [new(0, 0, 0, 0)], [new(1, 0, 1, 2), new(7, 0, 1, 8)], []]));
        AddModule(_modules, $"{Root}/has-error-toplevel.js", "/fixtures/has-error-toplevel.js", ServerCode(
            $"{Root}/has-error-toplevel.js",
            "const __vite_ssr_import_0__ = await __vite_ssr_import__(\"/fixtures/has-error-toplevel-dep.js\", {\"importedNames\":[\"crash\"]});\n\n(0,__vite_ssr_import_0__.crash)()\n",
            ["has-error-toplevel.js"],
            [[new(0, 0, 0, 0)], [], [new(0, 0, 2, 0), new(4, 0, 2, 0, 0), new(31, 0, 2, 0)]],
            names: ["crash"]));

        // V8 reports the call at the "(" of its arguments (column 32); the map sends that back to the start of
        // the original call. (Checked against Vite 8.3.8's own runner on node with these very modules.)
        var stack = _interceptor.FormatMappedStack("Error", "crash", [
            Frame($"{Root}/has-error-toplevel-dep.js", 6, 8, "crash", isEval: true),
            Frame($"{Root}/has-error-toplevel.js", 6, 32, "eval", isEval: true),
        ]);

        Lines(stack).ShouldBe([
            "Error: crash",
            "    at crash (/root/fixtures/has-error-toplevel-dep.js:2:9)",
            "    at /root/fixtures/has-error-toplevel.js:3:1",
        ]);
    }

    [Fact]
    public void A_native_frame_stops_the_callers_name_from_renaming_the_callee()
    {
        AddNamedCallSiteModule();
        var inner = Frame($"{Root}/named.js", 4, 1, "inner", isEval: true);
        var native = new ScriptStackFrame { IsNative = true, FunctionName = "map", TypeName = "Array", IsToplevel = false };
        var outer = Frame($"{Root}/named.js", 5, 1, "outer", isEval: true);

        var direct = _interceptor.MapStackTrace([inner, outer]);
        var throughNative = _interceptor.MapStackTrace([inner, native, outer]);

        direct[0].FunctionName.ShouldBe("renamed");
        throughNative[0].FunctionName.ShouldBe("inner");
        throughNative[1].ShouldBeSameAs(native);
        throughNative[1].ToString().ShouldBe("Array.map (native)");
    }

    [Fact]
    public void An_unmappable_frame_is_still_renamed_by_its_mapped_caller()
    {
        AddNamedCallSiteModule();
        var elsewhere = Frame("/not/in/the/graph.js", 10, 3, "x");

        var mapped = _interceptor.MapStackTrace([elsewhere, Frame($"{Root}/named.js", 5, 1, "outer", isEval: true)]);

        mapped[0].ShouldBe(elsewhere with { FunctionName = "renamed" });
    }

    // named.js: generated line 2 (engine line 5) maps to 1:0 with the name "renamed"; line 1 (engine line 4) to 1:0 unnamed.
    private void AddNamedCallSiteModule() => AddModule(_modules, $"{Root}/named.js", "/fixtures/named.js", ServerCode(
        $"{Root}/named.js", "inner();\nouter();\n", ["named.js"], [[new(0, 0, 0, 0)], [new(0, 0, 0, 0, 0)]], names: ["renamed"]));

    [Fact]
    public void Unmappable_frames_are_returned_unchanged()
    {
        AddHasError();
        ScriptStackFrame[] frames =
        [
            Frame("node:internal/process/task_queues", 95, 5, "process.processTicksAndRejections"),
            Frame("/not/in/the/graph.js", 1, 1, "f"),
            Frame(null, null, null, "anonymous"),
            Frame($"{Root}/has-error.js", 5, -4, "eval", isEval: true),   // negative column (vm)
            Frame($"{Root}/has-error.js", 5, 0, "eval", isEval: true),    // zero column
            Frame($"{Root}/has-error.js", 0, 7, "eval", isEval: true),    // line 0
            Frame($"{Root}/has-error.js", null, null, "eval", isEval: true),
        ];

        var mapped = _interceptor.MapStackTrace(frames);

        mapped.Count.ShouldBe(frames.Length);
        for (var i = 0; i < frames.Length; i++) mapped[i].ShouldBeSameAs(frames[i]);
        Should.NotThrow(() => ScriptStackFrame.FormatStack("Error: x", mapped));
    }

    [Fact]
    public void Eval_origins_are_mapped_recursively()
    {
        AddHasError();
        var evalFrame = new ScriptStackFrame
        {
            FunctionName = "eval",
            IsEval = true,
            LineNumber = 1,
            ColumnNumber = 1,
            EvalOrigin = "eval at run (eval at outer (/root/fixtures/has-error.js:5:7))",
        };

        var mapped = _interceptor.MapStackTrace([evalFrame]).ShouldHaveSingleItem();

        mapped.EvalOrigin.ShouldBe("eval at run (eval at outer (/root/fixtures/has-error.js:2:7))");
        mapped.ToString().ShouldBe("eval (eval at run (eval at outer (/root/fixtures/has-error.js:2:7)), <anonymous>:1:1)");
    }

    [Fact]
    public void A_string_literal_containing_the_map_prefix_does_no_harm()
    {
        const string id = Root + "/string-literal-sourcemap.ts";
        var code = "const message = \"//# sourceMappingURL=data:application/json;base64,invalidbase64\";\nthrow new Error(message);\n";
        AddModule(_modules, id, "/fixtures/string-literal-sourcemap.ts", ServerCode(id, code, ["string-literal-sourcemap.ts"],
            [[new(0, 0, 9, 0)], [new(0, 0, 10, 2), new(6, 0, 10, 8)]]));

        Lines(Stack(Frame(id, 5, 7, "throwError", "Module", isEval: true)))[1]
            .ShouldBe("    at Module.throwError (/root/fixtures/string-literal-sourcemap.ts:11:9)");
    }

    [Fact]
    public void A_broken_inline_map_leaves_frames_unmapped()
    {
        const string id = Root + "/broken.js";
        AddModule(_modules, id, "/fixtures/broken.js", "throw new Error('x')\n//# sourceMappingURL=data:application/json;base64,invalidbase64");
        var frame = Frame(id, 4, 7, "eval", isEval: true);

        _interceptor.MapStackTrace([frame]).ShouldHaveSingleItem().ShouldBeSameAs(frame);
    }

    [Fact]
    public void A_module_without_code_or_map_is_not_mapped()
    {
        _modules.EnsureModule("fs", "node:fs").Meta = new ExternalFetchResult("node:fs", "builtin");
        AddModule(_modules, $"{Root}/plain.js", "/fixtures/plain.js", "throw new Error('no map')\n");
        ScriptStackFrame[] frames = [Frame("fs", 1, 1, "readFileSync"), Frame($"{Root}/plain.js", 4, 7, "eval", isEval: true)];

        var mapped = _interceptor.MapStackTrace(frames);

        mapped[0].ShouldBeSameAs(frames[0]);
        mapped[1].ShouldBeSameAs(frames[1]);
    }

    [Fact]
    public void Whitespace_in_the_source_url_is_decoded_to_find_the_module()
    {
        const string id = "/root/my dir/has-error.js";
        AddModule(_modules, id, "/my dir/has-error.js", ServerCode(id, "throw new Error('boom')\n", ["has-error.js"], [[new(0, 0, 0, 0), new(6, 0, 0, 6)]]));

        Lines(Stack(Frame("/root/my%20dir/has-error.js", 4, 7, "eval", isEval: true)))[1].ShouldBe("    at /root/my dir/has-error.js:1:7");
    }

    [Fact]
    public void Sources_of_a_module_with_a_query_resolve_against_its_file()
    {
        const string id = "/root/src/a.ts?raw";
        AddModule(_modules, id, "/src/a.ts?raw", ServerCode(id, "throw new Error('boom')\n", ["a.ts"], [[new(0, 0, 0, 0), new(6, 0, 0, 6)]]));

        _interceptor.MapStackTrace([Frame(id, 4, 7, "eval", isEval: true)])[0].FileName.ShouldBe("/root/src/a.ts");
    }

    [Fact]
    public void Format_mapped_stack_without_an_interceptor_prints_the_frames_as_given()
    {
        ISourceMapInterceptor? none = null;

        none.FormatMappedStack(null, null, [Frame("/x.js", 1, 2, "f")]).ShouldBe("Error: \n    at f (/x.js:1:2)");
        SourceMapSupport.FormatHeader("TypeError", "bad").ShouldBe("TypeError: bad");
    }
}
