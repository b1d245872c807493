using System.Collections.Concurrent;
using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Support;

/// <summary>Stands in for the HMR client to observe the runner's wiring: what it queues and which hot contexts it creates.</summary>
internal sealed class FakeHotUpdateClient(IHmrRunnerHost host, IHmrLogger logger) : IHotUpdateClient
{
    private readonly ConcurrentQueue<HotPayload> _enqueued = new();
    private readonly ConcurrentQueue<FakeHotContext> _contexts = new();

    public IHmrRunnerHost Host { get; } = host;

    public IHmrLogger Logger { get; } = logger;

    public IReadOnlyList<HotPayload> Enqueued => _enqueued.ToArray();

    public IReadOnlyList<FakeHotContext> Contexts => _contexts.ToArray();

    public int ClearCount { get; private set; }

    /// <summary>When set, <see cref="Enqueue"/> throws it.</summary>
    public Exception? EnqueueFailure { get; set; }

    public IHotContext CreateHotContext(string ownerPath)
    {
        var context = new FakeHotContext(ownerPath);
        _contexts.Enqueue(context);
        return context;
    }

    public void Enqueue(HotPayload payload)
    {
        if (EnqueueFailure is { } failure) throw failure;
        _enqueued.Enqueue(payload);
    }

    private readonly ConcurrentQueue<Func<IReadOnlyList<string>, Task<bool>>> _reconnectChecks = new();

    /// <summary>The checks the runner queued after reconnects (the delegate it passed each time).</summary>
    public IReadOnlyList<Func<IReadOnlyList<string>, Task<bool>>> ReconnectChecks => _reconnectChecks.ToArray();

    public void EnqueueReconnectCheck(Func<IReadOnlyList<string>, Task<bool>> serverHasCurrentModules, bool serverGraphReplaced) =>
        _reconnectChecks.Enqueue(serverHasCurrentModules);

    public Task WhenIdleAsync() => Task.CompletedTask;

    public void Clear() => ClearCount++;
}

/// <summary>A hot context that only remembers its owner.</summary>
internal sealed class FakeHotContext(string ownerPath) : IHotContext
{
    public string OwnerPath { get; } = ownerPath;

    public HotData Data { get; } = new(ownerPath);

    public void AcceptDependencies(IReadOnlyList<string> dependencies, IScriptFunction? callback) { }

    public void AcceptExports(IReadOnlyList<string> exportNames, IScriptFunction? callback) { }

    public void Dispose(IScriptFunction callback) { }

    public void Prune(IScriptFunction callback) { }

    public void Decline() { }

    public void Invalidate(string? message) { }

    public void On(string eventName, IScriptFunction callback) { }

    public void Off(string eventName, IScriptFunction callback) { }

    public void Send(string eventName, JsonElement? data) { }
}
