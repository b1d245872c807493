using System.Text.Json;
using System.Text.RegularExpressions;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Support;

/// <summary>
/// Runs the top-level statements of one Vite-transformed module in source order, just enough for the runner's
/// tests: statements nested in braces (function bodies, object literals) are skipped, function declarations are
/// hoisted as opaque functions, and an expression it does not understand evaluates to <c>undefined</c>.
/// </summary>
internal sealed partial class TestModuleInterpreter(TestEvaluator evaluator, IModuleEvaluationContext context, string code, IEvaluatedModule module)
{
    private readonly Dictionary<string, object?> _locals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IScriptObject> _imports = new(StringComparer.Ordinal);
    private readonly TestScriptObject _exports = new() { Label = module.Id };

    public async Task<IScriptObject> RunAsync(CancellationToken cancellationToken)
    {
        // Vite creates the exports object before any code runs, so circular importers can see it.
        context.PublishExports(_exports);
        var statements = TopLevelLines(code).ToList();
        foreach (var line in statements)
        {
            if (FunctionDeclaration().Match(line) is { Success: true } fn)
                _locals[fn.Groups["name"].Value] = new TestScriptFunction { Label = fn.Groups["name"].Value };
        }
        foreach (var line in statements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunLineAsync(line.Trim()).ConfigureAwait(false);
        }
        _exports.Seal();
        return _exports;
    }

    private async Task RunLineAsync(string line)
    {
        Match m;
        if ((m = Directive().Match(line)).Success)
        {
            await RunDirectiveAsync(m.Groups["verb"].Value, m.Groups["rest"].Value.Trim()).ConfigureAwait(false);
        }
        else if ((m = ExportName().Match(line)).Success)
        {
            var expression = m.Groups["expr"].Value.Trim();
            _exports.Define(m.Groups["name"].Value, () => Evaluate(expression));
        }
        else if ((m = StaticImport().Match(line)).Success)
        {
            var metadata = m.Groups["meta"].Success ? ParseMetadata(m.Groups["meta"].Value) : null;
            var specifier = JsonString(m.Groups["spec"].Value);
            var imported = await context.ImportAsync(specifier, metadata).ConfigureAwait(false);
            _imports[m.Groups["n"].Value] = imported;
            evaluator.ImportsSeen.Enqueue(new ObservedImport(module.Id, specifier, imported, imported.GetKeys().ToDictionary(k => k, imported.GetProperty)));
        }
        else if ((m = DynamicImport().Match(line)).Success)
        {
            var result = await context.DynamicImportAsync(JsonString(m.Groups["spec"].Value)).ConfigureAwait(false);
            if (m.Groups["name"].Success) _locals[m.Groups["name"].Value] = result;
        }
        else if ((m = ExportAll().Match(line)).Success)
        {
            _exports.ExportAll(_imports.GetValueOrDefault(m.Groups["n"].Value));
        }
        else if ((m = ThrowError().Match(line)).Success)
        {
            throw new ScriptException(m.Groups["type"].Value, JsonString(m.Groups["message"].Value), $"{m.Groups["type"].Value}: {JsonString(m.Groups["message"].Value)}\n    at {module.Id}");
        }
        else if ((m = Binding().Match(line)).Success)
        {
            _locals[m.Groups["name"].Value] = Evaluate(m.Groups["expr"].Value.Trim().TrimEnd(';'));
        }
    }

    private async Task RunDirectiveAsync(string verb, string rest)
    {
        switch (verb)
        {
            case "export":
            {
                var equals = rest.IndexOf('=');
                var name = rest[..equals].Trim();
                var value = ParseValue(rest[(equals + 1)..].Trim());
                _exports.Define(name, () => value);
                break;
            }
            case "throw":
                throw new ScriptException("Error", rest, $"Error: {rest}\n    at {module.Id}");
            case "log":
                evaluator.Write(rest);
                break;
            case "wait":
                await evaluator.Gate(rest).Task.ConfigureAwait(false);
                break;
            case "snapshot":
            {
                var parts = rest.Split(' ', 2);
                var target = _imports[parts[0]];
                evaluator.Snapshots[parts[1]] = target.GetKeys().ToDictionary(k => k, target.GetProperty);
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown test directive 'test:{verb}' in {module.Id}.");
        }
    }

    private object? Evaluate(string expression)
    {
        if (ImportMember().Match(expression) is { Success: true } member)
        {
            var target = _imports.GetValueOrDefault(member.Groups["n"].Value);
            var name = member.Groups["prop"].Success ? member.Groups["prop"].Value : JsonString(member.Groups["str"].Value);
            return target?.GetProperty(name);
        }
        if (ImportNamespace().Match(expression) is { Success: true } ns) return _imports.GetValueOrDefault(ns.Groups["n"].Value);
        if (Identifier().IsMatch(expression)) return _locals.GetValueOrDefault(expression);
        return TryParseJson(expression, out var value) ? value : null;
    }

    private static object? ParseValue(string text) => TryParseJson(text, out var value) ? value : text;

    private static bool TryParseJson(string text, out object? value)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.ValueKind switch
            {
                JsonValueKind.String => document.RootElement.GetString(),
                JsonValueKind.Number => document.RootElement.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => document.RootElement.Clone(),
            };
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    private static ImportMetadata ParseMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.TryGetProperty("importedNames", out var n) ? n.EnumerateArray().Select(e => e.GetString()!).ToList() : null;
        return new ImportMetadata(names);
    }

    private static string JsonString(string literal) => JsonSerializer.Deserialize<string>(literal)!;

    /// <summary>The lines that start at brace depth 0 (strings, template literals and comments do not count).</summary>
    internal static IEnumerable<string> TopLevelLines(string source)
    {
        var depth = 0;
        var inBlockComment = false;
        foreach (var line in source.Split('\n'))
        {
            var startDepth = depth;
            char? quote = null;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inBlockComment)
                {
                    if (c == '*' && i + 1 < line.Length && line[i + 1] == '/') { inBlockComment = false; i++; }
                    continue;
                }
                if (quote is { } q)
                {
                    if (c == '\\') i++;
                    else if (c == q) quote = null;
                    continue;
                }
                if (c == '/' && i + 1 < line.Length && line[i + 1] == '/') break;
                if (c == '/' && i + 1 < line.Length && line[i + 1] == '*') { inBlockComment = true; i++; continue; }
                if (c is '"' or '\'' or '`') quote = c;
                else if (c == '{') depth++;
                else if (c == '}') depth--;
            }
            if (startDepth == 0) yield return line;
        }
    }

    [GeneratedRegex(@"^//\s*test:(?<verb>[a-z-]+)\s*(?<rest>.*)$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^__vite_ssr_exportName__\(""(?<name>(?:[^""\\]|\\.)*)""\s*,\s*\(\)\s*=>\s*\{\s*try\s*\{\s*return\s+(?<expr>.+?)\s*\}\s*catch\s*\{\s*\}\s*\}\s*\);?$")]
    private static partial Regex ExportName();

    [GeneratedRegex(@"^const __vite_ssr_import_(?<n>\d+)__ = await __vite_ssr_import__\((?<spec>""(?:[^""\\]|\\.)*"")(?:,\s*(?<meta>\{.*\}))?\);?$")]
    private static partial Regex StaticImport();

    [GeneratedRegex(@"^(?:(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*=\s*)?await __vite_ssr_dynamic_import__\((?<spec>""(?:[^""\\]|\\.)*"")\);?$")]
    private static partial Regex DynamicImport();

    [GeneratedRegex(@"^__vite_ssr_exportAll__\(__vite_ssr_import_(?<n>\d+)__\);?$")]
    private static partial Regex ExportAll();

    [GeneratedRegex(@"^throw new (?<type>[A-Za-z]*Error)\((?<message>""(?:[^""\\]|\\.)*"")\);?$")]
    private static partial Regex ThrowError();

    [GeneratedRegex(@"^(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*=\s*(?<expr>.+)$")]
    private static partial Regex Binding();

    [GeneratedRegex(@"^(?:async\s+)?function\s*\*?\s*(?<name>[A-Za-z_$][\w$]*)\s*\(")]
    private static partial Regex FunctionDeclaration();

    [GeneratedRegex(@"^__vite_ssr_import_(?<n>\d+)__(?:\.(?<prop>[A-Za-z_$][\w$]*)|\[(?<str>""(?:[^""\\]|\\.)*"")\])$")]
    private static partial Regex ImportMember();

    [GeneratedRegex(@"^__vite_ssr_import_(?<n>\d+)__$")]
    private static partial Regex ImportNamespace();

    [GeneratedRegex(@"^[A-Za-z_$][\w$]*$")]
    private static partial Regex Identifier();
}
