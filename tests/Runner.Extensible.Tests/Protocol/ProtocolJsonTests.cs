using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Tests.Protocol;

public sealed class ProtocolJsonTests
{
    [Theory]
    [InlineData("""{"type":"connected"}""")]
    [InlineData("""{"type":"ping"}""")]
    [InlineData("""{"type":"update","updates":[{"type":"js-update","timestamp":1795214092188,"path":"/src/hmr/parent.js","acceptedPath":"/src/hmr/child.js","explicitImportRequired":false,"isWithinCircularImport":false}]}""")]
    [InlineData("""{"type":"update","updates":[{"type":"js-update","timestamp":1,"path":"/a.js","acceptedPath":"/a.js","explicitImportRequired":false,"isWithinCircularImport":true,"firstInvalidatedBy":"/src/hmr/inv.js"}]}""")]
    [InlineData("""{"type":"full-reload","triggeredBy":"/abs/path/of/changed/file.js","path":"*"}""")]
    [InlineData("""{"type":"full-reload"}""")]
    [InlineData("""{"type":"prune","paths":["/src/hmr/pruned.js"]}""")]
    [InlineData("""{"type":"error","err":{"message":"boom","stack":"Error: boom"}}""")]
    [InlineData("""{"type":"custom","event":"my:event","data":{"a":[1,2]}}""")]
    [InlineData("""{"type":"custom","event":"x","data":"<b>&amp; café ✓ 'q' +1 \\n"}""")]
    [InlineData("""{"type":"custom","event":"vite:invoke","data":{"name":"fetchModule","id":"send:abc","data":["/src/a.ts",null,{"cached":false,"startOffset":3}]}}""")]
    public void Payloads_round_trip_byte_for_byte_as_vite_writes_them(string json)
    {
        var payload = ProtocolJson.ParsePayload(json);
        ProtocolJson.Serialize(payload).ShouldBe(json);
    }

    [Fact]
    public void Unknown_payload_types_are_kept_not_rejected()
    {
        var payload = ProtocolJson.ParsePayload("""{"type":"future-thing","x":1}""");
        payload.ShouldBeOfType<UnknownHotPayload>().UnknownType.ShouldBe("future-thing");
    }

    [Theory]
    [InlineData("not json", "not a valid Vite HotPayload")]
    [InlineData("[1,2]", "expected an object")]
    [InlineData("""{"event":"x"}""", "\"type\" field is missing")]
    [InlineData("""{"type":"update"}""", "\"updates\" array")]
    [InlineData("""{"type":"prune","paths":[1]}""", "array of strings")]
    [InlineData("""{"type":"custom"}""", "\"event\"")]
    public void Malformed_payloads_fail_with_a_reason(string json, string reason)
    {
        var ex = Should.Throw<ProtocolException>(() => ProtocolJson.ParsePayload(json));
        ex.Message.ShouldContain(reason);
        ProtocolJson.TryParsePayload(json, out _, out var error).ShouldBeFalse();
        error.ShouldContain(reason);
    }

    [Fact]
    public void Fetch_results_parse_every_variant()
    {
        Parse("""{"cache":true}""").ShouldBeOfType<CachedFetchResult>();
        Parse("""{"externalize":"node:path","type":"builtin"}""").ShouldBe(new ExternalFetchResult("node:path", "builtin"));
        Parse("""{"code":"x","file":"/r/a.js","id":"/r/a.js","url":"/a.js","invalidate":true}""")
            .ShouldBe(new InlinedFetchResult("x", "/r/a.js", "/r/a.js", "/a.js", true));
        Parse("""{"file":"\u0000virtual:m","id":"\u0000virtual:m","url":"virtual:m","invalidate":false}""")
            .ShouldBe(new InlinedFetchResult(null, "\0virtual:m", "\0virtual:m", "virtual:m", false));
        Should.Throw<ProtocolException>(() => Parse("""{"code":"x"}""")).Message.ShouldContain("\"id\"");

        static FetchResult Parse(string json) => ProtocolJson.ParseFetchResult(JsonDocument.Parse(json).RootElement);
    }

    [Fact]
    public void Invoke_requests_wrap_as_vite_invoke_custom_payloads()
    {
        var args = JsonDocument.Parse("""["/src/a.ts",null,{"cached":false,"startOffset":3}]""").RootElement;
        var json = ProtocolJson.Serialize(new InvokeRequest("fetchModule", "send:xyz", args).ToPayload());
        json.ShouldBe("""{"type":"custom","event":"vite:invoke","data":{"name":"fetchModule","id":"send:xyz","data":["/src/a.ts",null,{"cached":false,"startOffset":3}]}}""");
        ProtocolJson.TryReadInvoke(ProtocolJson.ParsePayload(json), out var name, out var id, out var data).ShouldBeTrue();
        (name, id, data.GetArrayLength()).ShouldBe(("fetchModule", "send:xyz", 3));
    }

    [Fact]
    public void Fetch_options_omit_a_missing_start_offset()
    {
        ProtocolJson.ToElement(new FetchModuleOptions(true, null)).GetRawText().ShouldBe("""{"cached":true}""");
        ProtocolJson.ToElement(new FetchModuleOptions(false, 3)).GetRawText().ShouldBe("""{"cached":false,"startOffset":3}""");
    }

    [Fact]
    public void Invoke_errors_revive_like_vite()
    {
        var error = JsonDocument.Parse("""{"name":"Error","message":"Failed to load url /src/nope.js","stack":"Error: …","code":"ERR_LOAD_URL"}""").RootElement;
        var ex = new InvokeErrorException("fetchModule", error);
        (ex.Message, ex.ErrorName, ex.Code).ShouldBe(("Failed to load url /src/nope.js", "Error", "ERR_LOAD_URL"));
        new InvokeErrorException("fetchModule", JsonDocument.Parse("\"bare string\"").RootElement).Message.ShouldBe("Unknown invoke error");
    }
}
