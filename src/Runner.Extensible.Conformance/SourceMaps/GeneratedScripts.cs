using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance;

/// <summary>
/// Script files with Vite's inline source maps, written next to the kit's fixture app: the code Vite 8 served for
/// <c>/src/throws.ts</c>, with its map made for a file (no evaluator wrapper lines), and a script without a map.
/// </summary>
internal static class GeneratedScripts
{
    private static readonly Lazy<string> Folder = new(Write);

    /// <summary>The generated <c>throws.js</c>: its <c>throw new Error(…)</c> maps to <c>throws.ts:8:9</c>.</summary>
    public static string Throws => Path.Combine(Folder.Value, "throws.js").Replace('\\', '/');

    /// <summary>A script without any source map.</summary>
    public static string Plain => Path.Combine(Folder.Value, "plain.js").Replace('\\', '/');

    /// <summary>The frame V8 reports for the <c>throw</c> in <see cref="Throws"/>: 1-based line and column of <c>new Error</c>.</summary>
    public static ScriptStackFrame ThrowFrame()
    {
        var lines = File.ReadAllLines(Throws);
        var line = Array.FindIndex(lines, l => l.Contains("throw new Error(", StringComparison.Ordinal));
        return new ScriptStackFrame
        {
            FunctionName = "throwError",
            FileName = Throws,
            LineNumber = line + 1,
            ColumnNumber = lines[line].IndexOf("new Error(", StringComparison.Ordinal) + 1,
        };
    }

    private static string Write()
    {
        var folder = Path.Combine(Path.GetDirectoryName(ConformanceApp.Root)!, "generated");
        Directory.CreateDirectory(folder);
        var code = InlineSourceMapOffset.Shift(ConformanceRecording.CodeOf("/src/throws.ts"), ConformanceRecording.StartOffset, 0);
        File.WriteAllText(Path.Combine(folder, "throws.js"), code);
        File.WriteAllText(Path.Combine(folder, "plain.js"), "export function plain() {\n  throw new Error('plain');\n}\n");
        return folder;
    }
}
