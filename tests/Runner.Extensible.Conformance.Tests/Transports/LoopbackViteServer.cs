using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Runner.Extensible.Conformance.InMemory;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance.Tests.Transports;

/// <summary>
/// An in-process stand-in for the kit's Vite server, so that the transport suite's self-tests need no Node: it answers
/// from the kit's recording (Vite 8's real answers), plus the suite's large and slow modules, and behaves like the
/// project's Vite plugin where the suite looks: <c>connected</c> on open, <c>x:hello</c> answered to the sender,
/// broadcasts, a full reload after an edit, connections that drop when it is killed.
/// </summary>
public sealed class LoopbackViteServer : ConformanceViteServer
{
    private static readonly ConcurrentDictionary<string, LoopbackViteServer> Registry = new();
    private static int _count;

    private readonly object _gate = new();
    private readonly FakeViteServer _modules;
    private readonly List<LoopbackTransport> _connections = [];
    private readonly HashSet<string> _fetched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _code = new(StringComparer.Ordinal);
    private TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _down;

    public LoopbackViteServer()
    {
        var id = "server" + Interlocked.Increment(ref _count);
        Connection = new ViteServerConnection(new Uri($"ws://loopback/{id}"), new Uri($"http://loopback/{id}"), "loopback-token", ConformanceApp.Root);
        _modules = ConformanceRecording.CreateServer();
        _modules.AddModule(LargeModule.Url, LargeCode(), "\0virtual:conformance-large", "\0virtual:conformance-large", "virtual:conformance-large");
        _modules.Intercept = async call =>
        {
            if (call.Url is { } url) lock (_gate) _fetched.Add(url);
            if (call.Url == "/@id/__x00__virtual:conformance-slow")
            {
                Task killed;
                lock (_gate) killed = _killed.Task;
                await killed;
                throw new IOException("the server went away");
            }
            return null;
        };
        Registry[id] = this;
    }

    public override ViteServerConnection Connection { get; }

    /// <summary>The server a loopback transport was pointed at, or <c>null</c> when it no longer exists.</summary>
    public static LoopbackViteServer? Find(ViteServerConnection connection) => Registry.GetValueOrDefault(connection.WebSocketUrl.AbsolutePath.Trim('/'));

    /// <summary>Opens a connection; <c>{"type":"connected"}</c> follows. Refused while the server is down.</summary>
    public void Open(LoopbackTransport connection)
    {
        lock (_gate)
        {
            if (_down) throw new TransportException($"{connection.DisplayName}: connection refused ({Connection.WebSocketUrl})");
            _connections.Add(connection);
        }
        connection.Deliver("""{"type":"connected"}""");
    }

    public void Close(LoopbackTransport connection)
    {
        lock (_gate) _connections.Remove(connection);
    }

    /// <summary>A payload a connection sent, as JSON text.</summary>
    public void Receive(LoopbackTransport connection, string json)
    {
        lock (_gate)
            if (_down || !_connections.Contains(connection)) throw new TransportException($"{connection.DisplayName}: socket closed");
        var payload = ProtocolJson.ParsePayload(json);
        if (ProtocolJson.TryReadInvoke(payload, out var name, out var id, out var data) && id.StartsWith("send", StringComparison.Ordinal))
        {
            var arguments = data.Clone();
            _ = Task.Run(async () =>
            {
                try
                {
                    var response = await _modules.HandleInvokeAsync(name, arguments);
                    connection.Deliver(ProtocolJson.Serialize(new CustomPayload(InvokeRequest.EventName,
                        ProtocolJson.ToElement(new Dictionary<string, object?> { ["name"] = name, ["id"] = "response" + id["send".Length..], ["data"] = response }))));
                }
                catch (IOException)
                {
                    // The server went away mid-call: no answer, as on a real socket.
                }
            });
        }
        else if (payload is CustomPayload { Event: "x:hello" } hello)
        {
            connection.Deliver(ProtocolJson.Serialize(new CustomPayload("x:hello-reply", ProtocolJson.ToElement(new { echoed = hello.Data, environment = "dotnet" }))));
        }
    }

    /// <summary>A request/response call (the HTTP invoke endpoint).</summary>
    public async Task<string> InvokeAsync(string requestJson)
    {
        lock (_gate)
            if (_down) throw new IOException("connection refused");
        var payload = ProtocolJson.ParsePayload(requestJson);
        if (!ProtocolJson.TryReadInvoke(payload, out var name, out _, out var data)) throw new ProtocolException("not an invoke request");
        // As Vite's JSON.stringify writes it: non-ASCII text unescaped.
        return System.Text.Json.Nodes.JsonNode.Parse((await _modules.HandleInvokeAsync(name, data.Clone())).GetRawText())!.ToJsonString(ProtocolJson.Options);
    }

    public override Task BroadcastAsync(HotPayload payload)
    {
        foreach (var connection in Connections()) connection.Deliver(ProtocolJson.Serialize(payload));
        return Task.CompletedTask;
    }

    public override Task EditAsync(string relativeFile, string search, string replacement)
    {
        var url = "/" + relativeFile;
        string code;
        lock (_gate)
        {
            code = _code.GetValueOrDefault(url) ?? ConformanceRecording.CodeOf(url);
            if (!code.Contains(search, StringComparison.Ordinal)) throw new InvalidOperationException($"{relativeFile} does not contain {search}");
            code = code.Replace(search, replacement, StringComparison.Ordinal);
            _code[url] = code;
        }
        _modules.Edit(url, code);
        // Vite's answer to an edit of a module nobody accepts: a full reload triggered by the file.
        bool fetched;
        lock (_gate) fetched = _fetched.Contains(url);
        return fetched ? BroadcastAsync(new FullReloadPayload($"{Connection.Root}/{relativeFile}", "*")) : Task.CompletedTask;
    }

    public override Task<int> CountConnectionsAsync()
    {
        lock (_gate) return Task.FromResult(_connections.Count);
    }

    public override Task KillAsync()
    {
        LoopbackTransport[] dropped;
        lock (_gate)
        {
            _down = true;
            dropped = [.. _connections];
            _connections.Clear();
            _killed.TrySetResult();
        }
        foreach (var connection in dropped) connection.Lost(new IOException("the server went away"));
        return Task.CompletedTask;
    }

    public override Task RestartAsync()
    {
        lock (_gate)
        {
            _down = false;
            _killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await KillAsync();
        Registry.TryRemove(Connection.WebSocketUrl.AbsolutePath.Trim('/'), out _);
    }

    private LoopbackTransport[] Connections()
    {
        lock (_gate) return [.. _connections];
    }

    // What Vite serves for the large virtual module: the generated lines, then the source comments.
    private string LargeCode()
    {
        var code = new StringBuilder("__vite_ssr_exportName__(\"lines\", () => { try { return lines } catch {} });\n");
        code.Append("__vite_ssr_exportName__(\"last\", () => { try { return last } catch {} });\nconst lines = [];\n");
        for (var i = 0; i < LargeModule.LineCount; i++) code.Append("lines.push(\"").Append(LargeModule.Line(i)).Append("\");\n");
        code.Append("const last = \"end of the large module\";\n//# sourceURL=\0virtual:conformance-large\n");
        return code.ToString();
    }
}
