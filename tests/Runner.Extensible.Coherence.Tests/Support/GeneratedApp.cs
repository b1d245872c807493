using System.Globalization;
using System.Text;

namespace Runner.Extensible.Coherence.Tests.Support;

/// <summary>
/// A generated TypeScript app in a temporary folder: <c>src/m0.ts</c> (the entry) … <c>src/m{n-1}.ts</c> importing
/// forward at random (every module reachable from the entry), a few import cycles, a shared <c>util.ts</c>, and a
/// <c>lazy.ts</c> the entry imports dynamically. Every module exports its <c>version</c>, an <c>instance</c> number
/// (how many times that module has been evaluated in this runner, counted on <c>globalThis</c>) and <c>deps()</c>, the
/// namespaces it bound to; the entry's <c>snapshot()</c> walks them. Two runners that evaluated the same module
/// instances with the same bindings produce the same snapshot.
/// </summary>
internal sealed class GeneratedApp : IDisposable
{
    private readonly string _parent;
    private readonly Dictionary<string, List<string>> _imports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _revisions = new(StringComparer.Ordinal);

    private GeneratedApp(string parent, string root)
    {
        _parent = parent;
        Root = root;
    }

    public string Root { get; }

    /// <summary>The module names (<c>util</c>, <c>lazy</c>, <c>m0</c>…).</summary>
    public IReadOnlyList<string> Modules => [.. _versions.Keys];

    public static GeneratedApp Create(Random random, int moduleCount)
    {
        var parent = Path.Combine(Path.GetTempPath(), "rx-coherence-" + Guid.NewGuid().ToString("N")[..12]);
        var app = new GeneratedApp(parent, Path.Combine(parent, "app"));
        Directory.CreateDirectory(Path.Combine(app.Root, "src"));
        File.WriteAllText(Path.Combine(app.Root, "package.json"), """{ "name": "rx-coherence-app", "private": true, "type": "module" }""");

        var names = Enumerable.Range(0, moduleCount).Select(Name).ToList();
        foreach (var name in names) app._imports[name] = [];
        // A spanning tree from the entry, then extra forward edges, then back edges that close cycles.
        for (var k = 1; k < moduleCount; k++) app._imports[Name(random.Next(k))].Add(Name(k));
        for (var k = 0; k < moduleCount - 1; k++)
        {
            var extra = random.Next(3);
            for (var e = 0; e < extra; e++) app._imports[Name(k)].Add(Name(random.Next(k + 1, moduleCount)));
        }
        foreach (var (from, to) in new[] { (6, 5), (13, 12), (17, 15) })
        {
            if (from < moduleCount) app._imports[Name(from)].Add(Name(to));
        }
        foreach (var name in names) app._imports[name] = app._imports[name].Distinct().Order(StringComparer.Ordinal).ToList();
        app._imports["lazy"] = [Name(Math.Min(10, moduleCount - 1))];
        app._imports["util"] = [];

        foreach (var name in app._imports.Keys)
        {
            app._versions[name] = 1;
            app._revisions[name] = 0;
            app.Write(name);
        }
        return app;
    }

    /// <summary>
    /// Edits one module chosen by <paramref name="random"/>: always a new revision comment (Vite invalidates it), and
    /// three times in four a new version. Returns what was done.
    /// </summary>
    public string Edit(Random random)
    {
        var names = _versions.Keys.Order(StringComparer.Ordinal).ToList();
        var name = names[random.Next(names.Count)];
        var bump = random.Next(4) != 0;
        _revisions[name]++;
        if (bump) _versions[name]++;
        Write(name);
        return $"{name} r{_revisions[name]}{(bump ? $" v{_versions[name]}" : "")}";
    }

    /// <summary>Gives a module a new version (and revision); returns the version.</summary>
    public int Bump(string name)
    {
        _revisions[name]++;
        _versions[name]++;
        Write(name);
        return _versions[name];
    }

    /// <summary>Writes a module again unchanged but for its revision comment (a save that changes nothing).</summary>
    public string Touch(string name)
    {
        _revisions[name]++;
        Write(name);
        return $"{name} r{_revisions[name]}";
    }

    private static string Name(int k) => "m" + k.ToString(CultureInfo.InvariantCulture);

    private void Write(string name)
    {
        var text = new StringBuilder();
        text.Append("// revision ").Append(_revisions[name]).Append('\n');
        var deps = _imports[name];
        if (name != "util") text.Append("import * as util from './util';\n");
        foreach (var dep in deps) text.Append("import * as ").Append(dep).Append(" from './").Append(dep).Append("';\n");
        if (name == "m0") text.Append("const lazy = await import('./lazy');\n");
        text.Append('\n');
        if (name == "util")
        {
            text.Append("""
                type Counters = Record<string, number>;
                const counters: Counters = ((globalThis as { __rxInstances?: Counters }).__rxInstances ??= {});
                export function instanceOf(name: string): number {
                  counters[name] = (counters[name] ?? 0) + 1;
                  return counters[name];
                }

                """);
        }
        text.Append("export const version: number = ").Append(_versions[name]).Append(";\n");
        text.Append("export const instance: number = ").Append(name == "util" ? "" : "util.").Append("instanceOf('").Append(name).Append("');\n");
        var bound = (name == "util" ? deps : ["util", .. deps]).ToList();
        if (name == "m0") bound.Add("lazy");
        text.Append("export function deps(): Record<string, unknown> {\n  return { ").Append(string.Join(", ", bound)).Append(" };\n}\n");
        if (name == "m0")
        {
            text.Append("""

                type Node = { version: number; instance: number; deps(): Record<string, unknown> };
                export function snapshot(): string {
                  const seen = new Set<unknown>();
                  const walk = (node: Node): unknown => {
                    if (seen.has(node)) return { v: node.version, i: node.instance };
                    seen.add(node);
                    const children = Object.entries(node.deps()).map(([key, child]) => [key, walk(child as Node)]);
                    return { v: node.version, i: node.instance, d: Object.fromEntries(children) };
                  };
                  return JSON.stringify(walk({ version, instance, deps }));
                }

                """);
        }
        // Saved atomically (a temporary file renamed over it): a plain write truncates first, and Vite's watcher can
        // read the empty module before the content lands, then drop the second change (chokidar's 50 ms throttle).
        var file = Path.Combine(Root, "src", name + ".ts");
        File.WriteAllText(file + ".tmp", text.ToString());
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_parent, recursive: true);
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file briefly; the temp folder is cleaned by the OS later.
        }
    }
}
