using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr.Recorded;

/// <summary>
/// The HMR modules of tests/fixtures/vite-app/src/hmr, simulated in C# line for line (what they log, what they
/// register on <c>import.meta.hot</c>, what they import), driven through a real <see cref="HmrClient"/> like a
/// runner would drive it: every import is a fetch, a module runs once until HMR re-imports it or a full reload
/// clears the graph, and each module instance gets its own hot context.
/// </summary>
/// <remarks>An edited module (the recording's <c>edit</c> action) behaves like its edited source: <c>v2</c> values,
/// and <c>pruner.ts</c> no longer imports <c>pruned.ts</c>.</remarks>
internal sealed class HmrFixtureApp
{
    private readonly HmrTestBed _bed;
    private readonly string _root;
    private readonly Lock _gate = new();
    private readonly List<string> _fixtureLog = [];
    private readonly List<(string Url, string? Importer)> _fetches = [];
    private readonly Dictionary<HotData, Dictionary<string, string>> _dataObjects = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _edited = new(StringComparer.Ordinal);

    public HmrFixtureApp(HmrTestBed bed, string fixtureRoot)
    {
        _bed = bed;
        _root = fixtureRoot;
        // A top-level import (the entry, an HMR re-import, a full-reload entry) runs the module again: in
        // these recordings the server answered each one with fresh code (invalidate:true).
        bed.Host.ModuleFactory = url => RequestAsync(url, importer: null);
    }

    public IReadOnlyList<string> FixtureLog
    {
        get { lock (_gate) return _fixtureLog.ToArray(); }
    }

    /// <summary>Every fetch, as <c>(url, importer file)</c>; the importer is <c>null</c> for top-level imports.</summary>
    public IReadOnlyList<(string Url, string? Importer)> Fetches
    {
        get { lock (_gate) return _fetches.ToArray(); }
    }

    /// <summary>Applies the recording's <c>edit</c> of <paramref name="file"/> (relative to the root).</summary>
    public void Edit(string file) => _edited.Add("/" + file);

    private void Log(string entry)
    {
        lock (_gate) _fixtureLog.Add(entry);
    }

    private string Version(string url, string name) => _edited.Contains(url) ? $"{name} v2" : $"{name} v1";

    private async Task<IScriptObject> RequestAsync(string url, string? importer)
    {
        lock (_gate) _fetches.Add((url, importer));
        var modules = _bed.Host.EvaluatedModules;
        var id = _root + url;
        var node = modules.EnsureModule(id, url);
        if (importer is not null)
        {
            node.AddImporter(importer);
            modules.GetModuleById(importer)!.AddImport(id);
            if (node.IsEvaluated && node.Exports is { } cached)
                return cached; // {"cache":true}: an unchanged import is not run again
        }
        modules.InvalidateModule(node);
        var hot = _bed.Client.CreateHotContext(url); // one import.meta.hot per module instance
        var exports = await EvaluateAsync(url, id, hot);
        node.Exports = exports;
        node.IsEvaluated = true;
        return exports;
    }

    private Task<IScriptObject> ImportAsync(string url, string importerId) => RequestAsync(url, importerId);

    private async Task<IScriptObject> EvaluateAsync(string url, string id, IHotContext hot)
    {
        switch (url)
        {
            case "/src/hmr/main.ts":
                var self = await ImportAsync("/src/hmr/self.ts", id);
                var parent = await ImportAsync("/src/hmr/parent.ts", id);
                var plain = await ImportAsync("/src/hmr/plain.ts", id);
                var pruner = await ImportAsync("/src/hmr/pruner.ts", id);
                var invParent = await ImportAsync("/src/hmr/inv-parent.ts", id);
                await ImportAsync("/src/hmr/events.ts", id);
                Log("main:evaluated");
                return new SimulatedModule(new()
                {
                    ["selfValue"] = self.GetProperty("selfValue"),
                    ["parentSaw"] = parent.GetProperty("parentSaw"),
                    ["plainValue"] = plain.GetProperty("plainValue"),
                    ["prunerValue"] = pruner.GetProperty("prunerValue"),
                    ["invParentValue"] = invParent.GetProperty("invParentValue"),
                });

            case "/src/hmr/self.ts":
            {
                var selfValue = Version(url, "self");
                Log("self:evaluated:" + selfValue);
                if (Data(hot).TryGetValue("disposedValue", out var previous))
                    Log("self:data-from-previous:" + previous);
                hot.Dispose(Function("self dispose", args =>
                {
                    Data((HotData)args[0]!)["disposedValue"] = selfValue;
                    Log("self:dispose:" + selfValue);
                }));
                // accept(cb): the evaluator maps it to AcceptDependencies([ownerPath], mods => cb(mods[0])).
                hot.AcceptDependencies([hot.OwnerPath], Function("self accept", args =>
                    Log("self:accept:" + (FirstModule(args) is { } mod ? mod.GetProperty("selfValue") : "no module"))));
                return new SimulatedModule(new() { ["selfValue"] = selfValue });
            }

            case "/src/hmr/child.ts":
            {
                var childValue = Version(url, "child");
                Log("child:evaluated:" + childValue);
                return new SimulatedModule(new() { ["childValue"] = childValue });
            }

            case "/src/hmr/parent.ts":
            {
                var child = await ImportAsync("/src/hmr/child.ts", id);
                var exports = new SimulatedModule(new() { ["parentSaw"] = child.GetProperty("childValue") });
                Log("parent:evaluated:" + child.GetProperty("childValue"));
                // The server rewrote accept('./child', cb) to accept("/src/hmr/child.ts", cb).
                hot.AcceptDependencies(["/src/hmr/child.ts"], Function("parent accept child", args =>
                {
                    exports.Set("parentSaw", FirstModule(args) is { } mod ? mod.GetProperty("childValue") : "no module");
                    Log("parent:accept-child:" + exports.GetProperty("parentSaw"));
                }));
                return exports;
            }

            case "/src/hmr/plain.ts":
            {
                var plainValue = Version(url, "plain");
                Log("plain:evaluated:" + plainValue);
                return new SimulatedModule(new() { ["plainValue"] = plainValue });
            }

            case "/src/hmr/pruned.ts":
                Log("pruned:evaluated");
                hot.Dispose(Function("pruned dispose", _ => Log("pruned:dispose")));
                hot.Prune(Function("pruned prune", _ => Log("pruned:prune")));
                return new SimulatedModule(new() { ["prunedValue"] = "pruned v1" });

            case "/src/hmr/pruner.ts":
            {
                string prunerValue;
                if (_edited.Contains(url))
                {
                    prunerValue = "pruner v2"; // the edit removed `import { prunedValue } from './pruned'`
                }
                else
                {
                    var pruned = await ImportAsync("/src/hmr/pruned.ts", id);
                    prunerValue = "pruner v1 " + pruned.GetProperty("prunedValue");
                }
                Log("pruner:evaluated:" + prunerValue);
                hot.AcceptDependencies([hot.OwnerPath], null);
                return new SimulatedModule(new() { ["prunerValue"] = prunerValue });
            }

            case "/src/hmr/inv.ts":
            {
                var invValue = Version(url, "inv");
                Log("inv:evaluated:" + invValue);
                hot.AcceptDependencies([hot.OwnerPath], Function("inv accept", _ =>
                {
                    Log("inv:accept-then-invalidate");
                    hot.Invalidate("inv.ts cannot apply this update");
                }));
                return new SimulatedModule(new() { ["invValue"] = invValue });
            }

            case "/src/hmr/inv-parent.ts":
            {
                var inv = await ImportAsync("/src/hmr/inv.ts", id);
                var invParentValue = "inv-parent saw " + inv.GetProperty("invValue");
                Log("inv-parent:evaluated:" + invParentValue);
                hot.AcceptDependencies([hot.OwnerPath], null);
                return new SimulatedModule(new() { ["invParentValue"] = invParentValue });
            }

            case "/src/hmr/events.ts":
                hot.On("x:hello-reply", Function("events hello-reply", args => Log("events:hello-reply:" + Stringify(args[0]))));
                hot.On("x:ping", Function("events ping", args =>
                {
                    Log("events:ping:" + Stringify(args[0]));
                    hot.Send("x:pong", Json($$"""{"received":{{Stringify(args[0])}}}"""));
                }));
                hot.Send("x:hello", Json("""{"from":"events.ts"}"""));
                return new SimulatedModule(new() { ["eventsReady"] = true });

            default:
                throw new InvalidOperationException($"The fixture has no module {url}.");
        }
    }

    /// <summary>The script object an evaluator keeps for a <see cref="HotData"/> identity.</summary>
    private Dictionary<string, string> Data(HotData data)
    {
        lock (_gate)
        {
            if (!_dataObjects.TryGetValue(data, out var values))
                _dataObjects[data] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            return values;
        }
    }

    private Dictionary<string, string> Data(IHotContext hot) => Data(hot.Data);

    private RecordingScriptFunction Function(string name, Action<object?[]> body) => _bed.Function(name, RecordingScriptFunction.Runs(body));

    private static IScriptObject? FirstModule(object?[] args) => ((object?[])args[0]!)[0] as IScriptObject;

    private static string Stringify(object? value) => value is JsonElement json ? JsonSerializer.Serialize(json) : "undefined";

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>A module namespace with plain values (enough for what the fixture modules read from each other).</summary>
    private sealed class SimulatedModule(Dictionary<string, object?> exports) : IScriptObject
    {
        private readonly Lock _gate = new();

        public IReadOnlyList<string> GetKeys()
        {
            lock (_gate) return exports.Keys.ToArray();
        }

        public bool HasProperty(string name)
        {
            lock (_gate) return exports.ContainsKey(name);
        }

        public object? GetProperty(string name)
        {
            lock (_gate) return exports.GetValueOrDefault(name);
        }

        public void Set(string name, object? value)
        {
            lock (_gate) exports[name] = value;
        }
    }
}
