using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible;
using Runner.Extensible.Scripting;

namespace Company.RunnerPlugin.Tests;

/// <summary>What this plugin adds beyond the contract: external map files, path rewriting and its options.</summary>
public sealed class SourceMapFilesTests : IDisposable
{
    // Generated line 2, column 9 (1-based) comes from original line 5, column 3.
    private const string Script = "export function f() {\n  return new Error('x');\n}\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("source-map-files-").FullName.Replace('\\', '/');

    [Fact]
    public void A_frame_maps_through_an_inline_map_to_the_original_file_line_and_column()
    {
        var script = WriteScript("inline.js", InlineComment(Map("src/original.ts")));

        var mapped = Interceptor().MapStackTrace([Frame(script)]).ShouldHaveSingleItem();

        (mapped.FileName, mapped.LineNumber, mapped.ColumnNumber).ShouldBe(($"{_folder}/src/original.ts", 5, 3));
        mapped.FunctionName.ShouldBe("f");
    }

    [Fact]
    public void A_frame_maps_through_a_map_file_beside_the_script()
    {
        File.WriteAllText(Path.Combine(_folder, "external.js.map"), Map("original.ts"));
        var script = WriteScript("external.js", "//# sourceMappingURL=external.js.map\n");

        Interceptor().MapStackTrace([Frame(script)]).ShouldHaveSingleItem().FileName.ShouldBe($"{_folder}/original.ts");
    }

    [Fact]
    public void The_longest_matching_prefix_of_a_mapped_path_is_rewritten()
    {
        var script = WriteScript("rewritten.js", InlineComment(Map("src/original.ts")));
        var interceptor = Interceptor(o =>
        {
            o.PathMappings[_folder + "/"] = "/checkout/";
            o.PathMappings[_folder + "/src/"] = "/checkout/sources/";
        });

        interceptor.MapStackTrace([Frame(script)]).ShouldHaveSingleItem().FileName.ShouldBe("/checkout/sources/original.ts");
    }

    [Fact]
    public void A_frame_outside_the_mapped_code_and_a_script_without_a_map_come_back_unchanged()
    {
        var mappedScript = WriteScript("partly.js", InlineComment(Map("original.ts")));
        var plainScript = WriteScript("plain.js", "");
        ScriptStackFrame[] frames = [Frame(mappedScript) with { LineNumber = 1 }, Frame(plainScript)];

        Interceptor().MapStackTrace(frames).ShouldBe(frames);
    }

    [Fact]
    public void A_changed_script_is_mapped_with_its_new_map()
    {
        var script = WriteScript("changing.js", InlineComment(Map("first.ts")));
        var interceptor = Interceptor();
        interceptor.MapStackTrace([Frame(script)])[0].FileName.ShouldEndWith("/first.ts");

        File.WriteAllText(script, Script + InlineComment(Map("second-and-longer.ts")));

        interceptor.MapStackTrace([Frame(script)])[0].FileName.ShouldEndWith("/second-and-longer.ts");
    }

    [Fact]
    public void An_empty_prefix_fails_where_it_is_configured_and_names_the_fix()
    {
        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddModuleRunner(b => b.UseSourceMapFiles(o => o.PathMappings[""] = "/x/")));
        error.Message.ShouldContain("SourceMapFilesOptions.PathMappings has an empty prefix");
    }

    [Fact]
    public void A_cache_of_no_scripts_fails_where_it_is_configured()
    {
        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddModuleRunner(b => b.UseSourceMapFiles(o => o.MaxCachedScripts = 0)));
        error.Message.ShouldContain("SourceMapFilesOptions.MaxCachedScripts");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SourceMapFilesInterceptor Interceptor(Action<SourceMapFilesOptions>? configure = null)
    {
        var options = new SourceMapFilesOptions();
        configure?.Invoke(options);
        return new SourceMapFilesInterceptor(options);
    }

    private string WriteScript(string name, string mapComment)
    {
        var path = Path.Combine(_folder, name).Replace('\\', '/');
        File.WriteAllText(path, Script + mapComment);
        return path;
    }

    private static ScriptStackFrame Frame(string script) => new() { FunctionName = "f", FileName = script, LineNumber = 2, ColumnNumber = 9 };

    private static string InlineComment(string map) =>
        "//# sourceMappingURL=data:application/json;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(map)) + "\n";

    // Line 1 has no segments; line 2 has one at column 8 (0-based) from source 0, line 4, column 2 (0-based).
    private static string Map(string source) => JsonSerializer.Serialize(new
    {
        version = 3,
        sources = new[] { source },
        names = Array.Empty<string>(),
        mappings = ";" + Vlq(8) + Vlq(0) + Vlq(4) + Vlq(2),
    });

    private static string Vlq(int value)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var rest = value < 0 ? (-value << 1) | 1 : value << 1;
        var text = new StringBuilder();
        do
        {
            var digit = rest & 31;
            rest >>= 5;
            if (rest > 0) digit |= 32;
            text.Append(Alphabet[digit]);
        }
        while (rest > 0);
        return text.ToString();
    }
}
