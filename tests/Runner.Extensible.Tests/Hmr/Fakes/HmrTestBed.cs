using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Tests.Hmr.Fakes;

/// <summary>An <see cref="HmrClient"/> wired to a fake host and a recording logger, sharing one event log.</summary>
internal sealed class HmrTestBed
{
    public HmrTestBed()
    {
        Host = new FakeHmrHost(Log);
        Logger = new RecordingHmrLogger(Log);
        Client = new HmrClient(Host, Logger);
    }

    public EventLog Log { get; } = new();

    public FakeHmrHost Host { get; }

    public RecordingHmrLogger Logger { get; }

    public HmrClient Client { get; }

    public RecordingScriptFunction Function(string name, Func<object?[], Task<object?>>? behavior = null) => new(name, Log, behavior);

    /// <summary>Enqueues wire payloads (exact JSON, parsed as a transport would) and waits until they are handled.</summary>
    public async Task DeliverAsync(params string[] wirePayloads)
    {
        foreach (var json in wirePayloads)
            Client.Enqueue(ProtocolJson.ParsePayload(json));
        await Client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    /// <summary>An update payload with one js-update, in Vite 8's wire shape.</summary>
    public static string JsUpdate(string path, string acceptedPath, string? firstInvalidatedBy = null) =>
        $$"""{"type":"update","updates":[{{JsUpdateEntry(path, acceptedPath, firstInvalidatedBy)}}]}""";

    public static string JsUpdateEntry(string path, string acceptedPath, string? firstInvalidatedBy = null, string type = "js-update") =>
        $$"""{"type":"{{type}}","timestamp":1795214092188,"path":"{{path}}","acceptedPath":"{{acceptedPath}}","explicitImportRequired":false,"isWithinCircularImport":false{{(firstInvalidatedBy is null ? "" : $",\"firstInvalidatedBy\":\"{firstInvalidatedBy}\"")}}}""";
}
