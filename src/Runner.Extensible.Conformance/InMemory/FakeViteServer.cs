using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runner.Extensible.Conformance.InMemory;

/// <summary>One server call as it arrived.</summary>
/// <param name="Method">The server method.</param>
/// <param name="Arguments">The positional arguments.</param>
public sealed record InvokeCall(string Method, JsonElement Arguments)
{
    /// <summary>The first argument of <c>fetchModule</c>.</summary>
    public string? Url => Method == "fetchModule" ? Arguments[0].GetString() : null;

    /// <summary>The importer argument of <c>fetchModule</c>.</summary>
    public string? Importer => Method == "fetchModule" && Arguments[1].ValueKind == JsonValueKind.String ? Arguments[1].GetString() : null;

    /// <summary>The <c>cached</c> option of <c>fetchModule</c>.</summary>
    public bool Cached => Method == "fetchModule" && Arguments[2].GetProperty("cached").GetBoolean();

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Arguments.GetRawText()}";
}

/// <summary>
/// The server side of the in-memory transports: answers <c>getBuiltins</c> and <c>fetchModule</c> the way Vite's
/// <c>handleInvoke</c> does (returning <c>{result}</c> or <c>{error}</c>), from a table of modules keyed by the
/// requested url. It keeps Vite's server cache semantics: a module's first fetch (and the first after
/// <see cref="Edit"/>) answers <c>invalidate:true</c>, later ones <c>invalidate:false</c>, and a request with
/// <c>cached:true</c> for a module the server still holds answers <c>{"cache":true}</c>. Every call is recorded;
/// <see cref="Intercept"/> injects errors, malformed results and delays.
/// </summary>
public sealed class FakeViteServer
{
    private readonly ConcurrentDictionary<string, ServedModule> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _transformed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<InvokeCall> _calls = new();

    /// <summary>The project root ids are made from.</summary>
    public string Root { get; init; } = "/root";

    /// <summary>The answer to <c>getBuiltins</c>: by default <c>fs</c> and <c>/^node:/</c>.</summary>
    public JsonElement Builtins { get; set; } = JsonDocument.Parse("""[{"type":"string","value":"fs"},{"type":"RegExp","source":"^node:","flags":""}]""").RootElement;

    /// <summary>
    /// Sees every call first; return a whole response (<c>{"result":…}</c> or <c>{"error":…}</c>, or anything
    /// malformed) to answer it, or <c>null</c> to let the server answer. May await to delay the answer.
    /// </summary>
    public Func<InvokeCall, Task<JsonElement?>>? Intercept { get; set; }

    /// <summary>
    /// The <c>startOffset</c> the served code's inline source maps were made for (recordings use 3). When set, a
    /// <c>fetchModule</c> asking for another offset gets the map shifted as Vite would have shifted it; when
    /// <c>null</c>, code is served as it was added.
    /// </summary>
    public int? RecordedStartOffset { get; init; }

    /// <summary>Every call, in arrival order.</summary>
    public IReadOnlyList<InvokeCall> Calls => _calls.ToArray();

    /// <summary>The <c>fetchModule</c> calls, in arrival order.</summary>
    public IReadOnlyList<InvokeCall> FetchCalls => Calls.Where(c => c.Method == "fetchModule").ToArray();

    /// <summary>How many <c>getBuiltins</c> calls arrived.</summary>
    public int BuiltinsCallCount => Calls.Count(c => c.Method == "getBuiltins");

    /// <summary>Serves <paramref name="code"/> for <paramref name="url"/> (id and file <c>Root + url</c> unless given).</summary>
    public FakeViteServer AddModule(string url, string code, string? id = null, string? file = null, string? serverUrl = null)
    {
        id ??= Root + url;
        _modules[url] = new ServedModule(code, file ?? id, id, serverUrl ?? url, null, null);
        return this;
    }

    /// <summary>Serves a module whose fetch result carries no <c>code</c> (Vite then fails to load it).</summary>
    public FakeViteServer AddModuleWithoutCode(string url)
    {
        var id = Root + url;
        _modules[url] = new ServedModule(null, id, id, url, null, null);
        return this;
    }

    /// <summary>Makes <paramref name="alias"/> another spelling of the module served for <paramref name="url"/> (same id and server url).</summary>
    public FakeViteServer AddAlias(string alias, string url)
    {
        _modules[alias] = _modules[url];
        return this;
    }

    /// <summary>Externalizes <paramref name="url"/> as <c>{externalize, type}</c>.</summary>
    public FakeViteServer AddExternal(string url, string externalize, string type)
    {
        _modules[url] = new ServedModule(null, null, externalize, url, externalize, type);
        return this;
    }

    /// <summary>Answers <paramref name="url"/> with exactly this JSON as the result (for malformed results).</summary>
    public FakeViteServer AddRawResult(string url, string resultJson)
    {
        _modules[url] = new ServedModule(null, null, url, url, null, null) { RawResult = JsonDocument.Parse(resultJson).RootElement.Clone() };
        return this;
    }

    /// <summary>Answers <paramref name="url"/> with this error object.</summary>
    public FakeViteServer AddError(string url, string errorJson)
    {
        _modules[url] = new ServedModule(null, null, url, url, null, null) { Error = JsonDocument.Parse(errorJson).RootElement.Clone() };
        return this;
    }

    /// <summary>Changes a module's code and drops the server's transform, as a file edit does.</summary>
    public void Edit(string url, string code)
    {
        var module = _modules[url];
        var edited = module with { Code = code };
        foreach (var key in _modules.Where(p => ReferenceEquals(p.Value, module)).Select(p => p.Key).ToList())
            _modules[key] = edited;
        _transformed.TryRemove(module.Id, out _);
    }

    /// <summary>Drops the server's transform of a module without changing it (as HMR propagation does to importers).</summary>
    public void Invalidate(string url) => _transformed.TryRemove(_modules[url].Id, out _);

    /// <summary>Vite's <c>handleInvoke</c>: the <c>{result}</c> or <c>{error}</c> for one call.</summary>
    public async Task<JsonElement> HandleInvokeAsync(string method, JsonElement arguments)
    {
        var call = new InvokeCall(method, arguments.Clone());
        _calls.Enqueue(call);
        if (Intercept is { } intercept && await intercept(call).ConfigureAwait(false) is { } custom)
            return custom;
        return method switch
        {
            "getBuiltins" => Result(Builtins),
            "fetchModule" => FetchModule(call),
            _ => Error("TypeError", "invokeHandler is not a function"),
        };
    }

    private JsonElement FetchModule(InvokeCall call)
    {
        var url = call.Url!;
        var cachedOption = call.Cached;
        if (url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("node:", StringComparison.Ordinal) || url == "fs")
            return Result(new JsonObject { ["externalize"] = url, ["type"] = "builtin" });
        var lookup = StripTimestamp(url);
        if (!_modules.TryGetValue(lookup, out var module))
            return Error("Error", $"Failed to load url {url} (resolved id: {url}). Does the file exist?", "ERR_LOAD_URL");
        if (module.Error is { } error) return ResponseWith("error", error);
        if (module.RawResult is { } raw) return ResponseWith("result", raw);
        if (module.Externalize is not null)
            return Result(new JsonObject { ["externalize"] = module.Externalize, ["type"] = module.ExternalType });
        var cached = _transformed.ContainsKey(module.Id);
        if (cachedOption && cached) return Result(new JsonObject { ["cache"] = true });
        _transformed[module.Id] = true;
        var result = new JsonObject();
        if (module.Code is not null) result["code"] = RecordedStartOffset is { } recorded ? InlineSourceMapOffset.Shift(module.Code, recorded, RequestedStartOffset(call)) : module.Code;
        result["file"] = module.File;
        result["id"] = module.Id;
        result["url"] = module.ServerUrl;
        result["invalidate"] = !cached;
        return Result(result);
    }

    // Vite drops an undefined startOffset from the JSON; no lines before the code then.
    private static int RequestedStartOffset(InvokeCall call) =>
        call.Arguments.GetArrayLength() > 2 && call.Arguments[2].TryGetProperty("startOffset", out var offset) && offset.ValueKind == JsonValueKind.Number
            ? offset.GetInt32()
            : 0;

    /// <summary>
    /// Serves what a recording's <c>exchanges</c> answered (the format of the repository's recorded Vite answers,
    /// <c>{method, args:[url, importer, {cached}], response:{result}|{error}}</c>): modules with their code, id, file and url,
    /// externals, and errors. Answers to <c>cached:true</c> requests and urls a runner resolves itself (builtins,
    /// <c>data:</c>) are skipped; the server's cache semantics produce them.
    /// </summary>
    /// <param name="exchanges">The recording's <c>exchanges</c> array.</param>
    public FakeViteServer AddRecordedExchanges(JsonElement exchanges)
    {
        foreach (var exchange in exchanges.EnumerateArray())
        {
            if (exchange.GetProperty("method").GetString() != "fetchModule") continue;
            var arguments = exchange.GetProperty("args");
            var url = arguments[0].GetString()!;
            if (arguments.GetArrayLength() > 2 && arguments[2].TryGetProperty("cached", out var cached) && cached.GetBoolean()) continue;
            var response = exchange.GetProperty("response");
            if (response.TryGetProperty("error", out var error))
            {
                AddError(url, error.GetRawText());
                continue;
            }
            var result = response.GetProperty("result");
            if (result.TryGetProperty("externalize", out var externalize))
            {
                if (!exchange.TryGetProperty("resolvedLocallyByRunner", out _))
                    AddExternal(url, externalize.GetString()!, result.GetProperty("type").GetString()!);
                continue;
            }
            AddModule(url, result.GetProperty("code").GetString()!, result.GetProperty("id").GetString(), result.GetProperty("file").GetString(), result.GetProperty("url").GetString());
        }
        return this;
    }

    private static string StripTimestamp(string url)
    {
        var query = url.IndexOf("?t=", StringComparison.Ordinal);
        return query < 0 ? url : url[..query];
    }

    /// <summary><c>{"result": value}</c>.</summary>
    public static JsonElement Result(JsonNode? value) => JsonSerializer.SerializeToElement(new JsonObject { ["result"] = value });

    /// <summary><c>{"result": value}</c>.</summary>
    public static JsonElement Result(JsonElement value) => ResponseWith("result", value);

    /// <summary><c>{"error": {name, message, stack, code?}}</c> as Vite's <c>handleInvoke</c> sends it.</summary>
    public static JsonElement Error(string name, string message, string? code = null)
    {
        var error = new JsonObject { ["name"] = name, ["message"] = message, ["stack"] = $"{name}: {message}\n    at handleInvoke (file:///server/node.js:1:1)" };
        if (code is not null) error["code"] = code;
        return JsonSerializer.SerializeToElement(new JsonObject { ["error"] = error });
    }

    private static JsonElement ResponseWith(string key, JsonElement value) =>
        JsonSerializer.SerializeToElement(new JsonObject { [key] = JsonNode.Parse(value.GetRawText()) });

    private sealed record ServedModule(string? Code, string? File, string Id, string ServerUrl, string? Externalize, string? ExternalType)
    {
        public JsonElement? RawResult { get; init; }

        public JsonElement? Error { get; init; }
    }
}
