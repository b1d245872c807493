using System.Text.Json;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance;

public abstract partial class TransportConformanceTests<TFixture>
{
    /// <summary>TRN-001: the transport has a name, and is request/response, duplex or both (duplex when it declares push).</summary>
    [Fact, Guarantee("TRN-001")]
    public virtual async Task TRN001_the_transport_is_invoke_or_duplex()
    {
        await using var scope = await OpenAsync();
        var transport = scope.Transport;
        transport.DisplayName.ShouldNotBeNullOrWhiteSpace("a transport names itself for logs and errors");
        (transport is IInvokeTransport || transport is IDuplexTransport).ShouldBeTrue(
            $"{transport.GetType().Name} implements neither IInvokeTransport nor IDuplexTransport, so no runner can call the server through it");
        if (Fixture.SupportsPush) transport.ShouldBeAssignableTo<IDuplexTransport>($"{Fixture.PluginName} declares SupportsPush, which needs IDuplexTransport");
        if (transport is IDuplexTransport duplex)
            (duplex.InvokeTimeout > TimeSpan.Zero || duplex.InvokeTimeout == Timeout.InfiniteTimeSpan).ShouldBeTrue($"InvokeTimeout {duplex.InvokeTimeout} is neither positive nor infinite");
    }

    /// <summary>TRN-002: a request/response call reaches the server and returns its <c>result</c>.</summary>
    [Fact, Guarantee("TRN-002")]
    public virtual async Task TRN002_invoke_returns_the_server_result()
    {
        await using var scope = await OpenAsync();
        var invoke = RequireInvoke(scope.Transport);
        await scope.ConnectAsync();
        var builtins = await Hang.Guard(invoke.InvokeAsync(new InvokeRequest("getBuiltins", "send", Args()), Cancellation), scope.Timeout, "getBuiltins");
        builtins.IsError.ShouldBeFalse($"getBuiltins failed: {builtins.Error}");
        builtins.Result.ValueKind.ShouldBe(JsonValueKind.Array);
        builtins.Result.EnumerateArray().ShouldContain(b => b.GetProperty("type").GetString() == "RegExp" && b.GetProperty("source").GetString() == "^node:");

        var math = await Hang.Guard(invoke.InvokeAsync(new InvokeRequest("fetchModule", "send", FetchArgs("/src/math.ts")), Cancellation), scope.Timeout, "fetchModule /src/math.ts");
        math.IsError.ShouldBeFalse($"fetchModule failed: {math.Error}");
        var module = ProtocolJson.ParseFetchResult(math.Result).ShouldBeOfType<InlinedFetchResult>();
        module.Url.ShouldBe("/src/math.ts");
        module.Id.ShouldEndWith("/src/math.ts");
        module.Code.ShouldNotBeNull().ShouldContain("__vite_ssr_exportName__(\"add\"");
    }

    /// <summary>TRN-003: a server error comes back as a failed result (not an exception), as the server sent it.</summary>
    [Fact, Guarantee("TRN-003")]
    public virtual async Task TRN003_invoke_returns_server_errors_as_results()
    {
        await using var scope = await OpenAsync();
        var invoke = RequireInvoke(scope.Transport);
        await scope.ConnectAsync();
        var missing = await Hang.Guard(invoke.InvokeAsync(new InvokeRequest("fetchModule", "send", FetchArgs("/src/does-not-exist.ts")), Cancellation), scope.Timeout, "fetchModule of a missing file");
        missing.IsError.ShouldBeTrue("a missing file is the server's error, returned as the result's error");
        missing.Error!.Value.GetProperty("code").GetString().ShouldBe("ERR_LOAD_URL");
        missing.Error.Value.GetProperty("message").GetString().ShouldNotBeNull().ShouldStartWith("Failed to load url /src/does-not-exist.ts");

        var unknown = await Hang.Guard(invoke.InvokeAsync(new InvokeRequest("noSuchMethod", "send", Args()), Cancellation), scope.Timeout, "an unknown method");
        unknown.IsError.ShouldBeTrue();
        unknown.Error!.Value.GetProperty("message").GetString().ShouldBe("invokeHandler is not a function");
    }

    /// <summary>TRN-004: calls carried over messages (Vite's <c>send:</c>/<c>response:</c> ids) are answered through <see cref="ITransportMessageHandler.OnMessage"/>.</summary>
    [Fact, Guarantee("TRN-004")]
    public virtual async Task TRN004_message_calls_are_answered()
    {
        await using var scope = await OpenAsync();
        var duplex = RequireDuplex(scope.Transport, "calls over messages need the server's answers pushed back");
        await scope.ConnectAsync();
        var builtins = await Hang.Guard(scope.Handler.InvokeAsync(duplex, "getBuiltins", Args(), Cancellation), scope.Timeout, "getBuiltins over messages");
        builtins.IsError.ShouldBeFalse($"getBuiltins failed: {builtins.Error}");
        builtins.Result.ValueKind.ShouldBe(JsonValueKind.Array);
        var math = await Hang.Guard(scope.Handler.InvokeAsync(duplex, "fetchModule", FetchArgs("/src/math.ts"), Cancellation), scope.Timeout, "fetchModule over messages");
        ProtocolJson.ParseFetchResult(math.Result).ShouldBeOfType<InlinedFetchResult>().Code.ShouldNotBeNull().ShouldContain("__vite_ssr_exportName__(\"add\"");
        var missing = await Hang.Guard(scope.Handler.InvokeAsync(duplex, "fetchModule", FetchArgs("/src/does-not-exist.ts"), Cancellation), scope.Timeout, "a failing call over messages");
        missing.Error.ShouldNotBeNull().GetProperty("code").GetString().ShouldBe("ERR_LOAD_URL");
    }

    /// <summary>TRN-009: through the real core, modules arrive whole (non-ASCII text, a 1 MiB module) and concurrent imports each get their own module.</summary>
    [Fact, Guarantee("TRN-009")]
    public virtual async Task TRN009_the_runner_receives_modules_whole()
    {
        var (session, evaluator) = await StartRunnerAsync();
        await using var _ = session;
        await session.ImportAsync("/src/conformance/values.js");
        CodeOf(session, evaluator, "/src/conformance/values.js").ShouldContain("héllo wörld ✓ 🚀", Case.Sensitive, "non-ASCII text arrived changed");

        await session.ImportAsync(LargeModule.Url);
        var large = evaluator.Evaluated.TryGetValue(LargeModule.Id, out var evaluated) ? evaluated.Code : throw new ShouldAssertException($"{LargeModule.Url} was not evaluated");
        large.Length.ShouldBeGreaterThan(1_000_000, "the large module arrived cut short");
        foreach (var index in new[] { 0, 1, LargeModule.LineCount / 2, LargeModule.LineCount - 1 })
            large.ShouldContain(LargeModule.Line(index), Case.Sensitive, $"line {index} of the large module arrived changed");
        large.ShouldContain("end of the large module");

        string[] urls = ["/src/counter.ts", "/src/cycle/b.ts", "/src/reexports.ts", "/src/legacy.js", "/src/meta.ts", "/src/throws.ts", "/src/dyn/lazy.ts", "/src/dyn/root.ts"];
        await session.WaitAsync(Task.WhenAll(urls.Select(url => Task.Run(() => session.ImportAsync(url)))), "Eight imports at once");
        foreach (var url in urls)
            CodeOf(session, evaluator, url).ShouldContain($"//# sourceURL={Fixture.Server.Root}{url}", Case.Sensitive, $"the import of {url} got another module's code");
    }

    private static string CodeOf(RunnerSession session, NonExecutingEvaluator evaluator, string url)
    {
        var node = session.Runner.EvaluatedModules.GetModuleByUrl(url).ShouldNotBeNull($"{url} is not in the runner's graph");
        return evaluator.Evaluated.TryGetValue(node.Id, out var evaluated) ? evaluated.Code : throw new ShouldAssertException($"{url} was not evaluated");
    }
}
