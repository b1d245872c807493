using Runner.Extensible.Graph;
using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Hmr.Fakes;

/// <summary>
/// A runner as the HMR client sees it: a real <see cref="EvaluatedModules"/> the test fills, imports that are
/// recorded (<c>import /src/a.js</c>) and answered with a new <see cref="FakeModule"/>, or fail, or run
/// module code (<see cref="OnImport"/>), and sends that are recorded or fail.
/// </summary>
internal sealed class FakeHmrHost(EventLog log) : IHmrRunnerHost
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _importCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Exception> _importFailures = new(StringComparer.Ordinal);
    private readonly List<HotPayload> _sent = [];

    public bool IsClosed { get; set; }

    public EvaluatedModules EvaluatedModules { get; } = new();

    /// <summary>Runs during an import, before it completes: simulates the module's code (it may await).</summary>
    public Func<string, Task>? OnImport { get; set; }

    /// <summary>Produces the exports instead of a <see cref="FakeModule"/> (a simulated app evaluating real module bodies).</summary>
    public Func<string, Task<IScriptObject>>? ModuleFactory { get; set; }

    /// <summary>Makes <see cref="SendAsync"/> fail: by throwing synchronously, or with a faulted task.</summary>
    public Exception? SendFailure { get; set; }

    public bool SendFailsSynchronously { get; set; }

    public IReadOnlyList<HotPayload> Sent
    {
        get { lock (_gate) return _sent.ToArray(); }
    }

    public IReadOnlyList<string> SentJson => Sent.Select(ProtocolJson.Serialize).ToArray();

    public IReadOnlyList<string> Imports => log.Entries.Where(e => e.StartsWith("import ", StringComparison.Ordinal)).Select(e => e["import ".Length..]).ToArray();

    public void FailImport(string url, Exception error)
    {
        lock (_gate) _importFailures[url] = error;
    }

    /// <summary>Adds an evaluated node, optionally imported by <paramref name="importerIds"/> (which must exist).</summary>
    public EvaluatedModuleNode AddModule(string id, string url, params string[] importerIds)
    {
        var node = EvaluatedModules.EnsureModule(id, url);
        node.IsEvaluated = true;
        foreach (var importer in importerIds)
        {
            node.AddImporter(importer);
            EvaluatedModules.GetModuleById(importer)!.AddImport(node.Id);
        }
        return node;
    }

    public async Task<IScriptObject> ImportAsync(string url, CancellationToken cancellationToken)
    {
        int count;
        Exception? failure;
        lock (_gate)
        {
            count = _importCounts[url] = _importCounts.GetValueOrDefault(url) + 1;
            failure = _importFailures.GetValueOrDefault(url);
        }
        log.Add("import " + url);
        if (OnImport is { } run)
            await run(url);
        if (failure is not null)
            throw failure;
        if (ModuleFactory is { } factory)
            return await factory(url);
        return new FakeModule($"{url}#{count}");
    }

    public ValueTask SendAsync(HotPayload payload, CancellationToken cancellationToken)
    {
        if (SendFailure is { } failure)
        {
            if (SendFailsSynchronously)
                throw failure;
            return ValueTask.FromException(failure);
        }
        lock (_gate) _sent.Add(payload);
        log.Add("send " + ProtocolJson.Serialize(payload));
        return ValueTask.CompletedTask;
    }
}
