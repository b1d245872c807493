using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Tests.Breakages;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;

namespace Runner.Extensible.Conformance.Tests.ImportMeta;

/// <summary>Broken import.meta factories, one or more per IMF guarantee.</summary>
public static class ImportMetaBreakages
{
    public static IEnumerable<Breakage> All =>
    [
        new("IMF-001", "url is the bare path", Suite(() => new Tweaked(m => m with { Url = m.Filename }))),
        new("IMF-001", "dirname is the filename", Suite(() => new Tweaked(m => m with { Dirname = m.Filename }))),
        new("IMF-002", "url not percent-encoded", Suite(() => new Tweaked(m => m with { Url = "file://" + m.Filename }))),
        new("IMF-003", "sets hot itself", Suite(() => new Tweaked(m => m with { Hot = new InertHotContext(m.Filename) }))),
        new("IMF-004", "caches descriptions by file name", Suite(() => new CachesByFileName())),
        new("IMF-005", "extra member no evaluator converts", Suite(() => new Tweaked(m => m with
        {
            AdditionalProperties = new Dictionary<string, object?> { ["main"] = false, ["createdAt"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        }))),
        new("IMF-006", "rejects virtual module ids", Suite(() => new RejectsVirtualIds())),
        new("IMF-007", "configures the default runner instead of the builder's", () =>
            new BrokenImportMetaSuite(new BrokenImportMetaFixture("default-runner factory", builder =>
                builder.Services.Configure<ModuleRunnerOptions>(Microsoft.Extensions.Options.Options.DefaultName, o => o.ImportMetaFactory = _ => new DefaultImportMetaFactory())))),
    ];

    private static Func<object> Suite(Func<IImportMetaFactory> create) =>
        () => new BrokenImportMetaSuite(new BrokenImportMetaFixture(create().GetType().Name, builder => builder.UseImportMetaFactory(_ => create())));

    /// <summary>The default factory with one thing changed.</summary>
    private sealed class Tweaked(Func<ImportMetaDescriptor, ImportMetaDescriptor> change) : IImportMetaFactory
    {
        private readonly DefaultImportMetaFactory _inner = new();

        public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module) => change(_inner.Create(modulePath, module));
    }

    /// <summary>Remembers one description per file name, so /a/x.ts and /b/x.ts share one.</summary>
    private sealed class CachesByFileName : IImportMetaFactory
    {
        private readonly DefaultImportMetaFactory _inner = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ImportMetaDescriptor> _cache = new();

        public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module) =>
            _cache.GetOrAdd(Path.GetFileName(modulePath), _ => _inner.Create(modulePath, module));
    }

    /// <summary>Builds the url with <see cref="Uri"/>, which rejects Vite's virtual ids.</summary>
    private sealed class RejectsVirtualIds : IImportMetaFactory
    {
        private readonly DefaultImportMetaFactory _inner = new();

        public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module)
        {
            if (modulePath.Contains('\0')) throw new UriFormatException($"'{modulePath}' is not a file path.");
            return _inner.Create(modulePath, module);
        }
    }

    private sealed class InertHotContext(string ownerPath) : IHotContext
    {
        public string OwnerPath { get; } = ownerPath;

        public HotData Data { get; } = new(ownerPath);

        public void AcceptDependencies(IReadOnlyList<string> dependencies, Scripting.IScriptFunction? callback) { }

        public void AcceptExports(IReadOnlyList<string> exportNames, Scripting.IScriptFunction? callback) { }

        public void Dispose(Scripting.IScriptFunction callback) { }

        public void Prune(Scripting.IScriptFunction callback) { }

        public void Decline() { }

        public void Invalidate(string? message) { }

        public void On(string eventName, Scripting.IScriptFunction callback) { }

        public void Off(string eventName, Scripting.IScriptFunction callback) { }

        public void Send(string eventName, System.Text.Json.JsonElement? data) { }
    }
}

internal sealed class BrokenImportMetaFixture(string plugin, Action<IModuleRunnerBuilder> configure) : ImportMetaFactoryConformanceFixture
{
    public override string PluginName => plugin;

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => configure(builder);
}

internal sealed class BrokenImportMetaSuite(BrokenImportMetaFixture fixture) : ImportMetaFactoryConformanceTests<BrokenImportMetaFixture>(fixture);
