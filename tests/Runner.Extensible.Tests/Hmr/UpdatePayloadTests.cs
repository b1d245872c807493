using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr;

/// <summary>The <c>update</c> payload: <c>queueUpdate</c>/<c>fetchUpdate</c> (vite-protocol.md §2.2).</summary>
public sealed class UpdatePayloadTests
{
    private const string Self = "/src/hmr/self.js";
    private const string Parent = "/src/hmr/parent.js";
    private const string Child = "/src/hmr/child.js";

    [Fact]
    public async Task A_self_update_disposes_with_data_reimports_calls_back_with_the_new_module_and_logs()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        context.AcceptDependencies([Self], bed.Function("accept"));
        context.Dispose(bed.Function("dispose"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        bed.Log.Entries.ShouldBe([
            $"dispose(data({Self}))",
            $"import {Self}",
            $"accept([{Self}#1])",
            $"debug: hot updated: {Self}",
        ]);
    }

    [Fact]
    public async Task An_update_accepted_by_the_parent_disposes_the_child_and_logs_via()
    {
        var bed = new HmrTestBed();
        var parent = bed.Client.CreateHotContext(Parent);
        parent.AcceptDependencies([Child], bed.Function("parentAccept"));
        parent.Dispose(bed.Function("parentDispose")); // not the accepted module: not called
        bed.Client.CreateHotContext(Child).Dispose(bed.Function("childDispose"));

        // Wire payload observed from Vite 8 (vite-protocol.md §2.1).
        await bed.DeliverAsync("""{"type":"update","updates":[{"type":"js-update","timestamp":1795214092188,"path":"/src/hmr/parent.js","acceptedPath":"/src/hmr/child.js","explicitImportRequired":false,"isWithinCircularImport":false}]}""");

        bed.Log.Entries.ShouldBe([
            $"childDispose(data({Child}))",
            $"import {Child}",
            $"parentAccept([{Child}#1])",
            $"debug: hot updated: {Child} via {Parent}",
        ]);
    }

    [Fact]
    public async Task An_update_of_a_module_that_never_registered_an_accept_does_nothing_and_logs_nothing()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext(Self).Dispose(bed.Function("dispose"));
        bed.Client.CreateHotContext(Parent).On("vite:beforeUpdate", bed.Function("before"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        bed.Host.Imports.ShouldBeEmpty();
        bed.Logger.Calls.ShouldBeEmpty();
        bed.Log.Entries.Count(e => e.StartsWith("dispose", StringComparison.Ordinal)).ShouldBe(0);
    }

    [Fact]
    public async Task A_boundary_whose_callbacks_do_not_accept_the_module_reimports_nothing_but_still_logs()
    {
        var bed = new HmrTestBed();
        var accept = bed.Function("accept");
        bed.Client.CreateHotContext(Parent).AcceptDependencies(["/src/hmr/other.js"], accept);
        bed.Client.CreateHotContext(Child).Dispose(bed.Function("childDispose"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Parent, Child));

        bed.Log.Entries.ShouldBe([$"debug: hot updated: {Child} via {Parent}"]);
    }

    [Fact]
    public async Task The_old_instances_callbacks_run_not_the_ones_the_reimported_instance_registers()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext(Self).AcceptDependencies([Self], bed.Function("v1Accept"));
        // Re-importing runs the new instance: a new context, which accepts with its own callback.
        bed.Host.OnImport = url =>
        {
            bed.Client.CreateHotContext(url).AcceptDependencies([url], bed.Function("v2Accept"));
            return Task.CompletedTask;
        };

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));
        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        bed.Log.Entries.ShouldBe([
            $"import {Self}", $"v1Accept([{Self}#1])", $"debug: hot updated: {Self}",
            $"import {Self}", $"v2Accept([{Self}#2])", $"debug: hot updated: {Self}",
        ]);
    }

    [Fact]
    public async Task Data_persists_across_updates()
    {
        var bed = new HmrTestBed();
        var seen = new List<HotData>();
        IHotContext context = bed.Client.CreateHotContext(Self);
        seen.Add(context.Data);
        context.AcceptDependencies([Self], null);
        context.Dispose(bed.Function("dispose", args =>
        {
            seen.Add(args[0].ShouldBeOfType<HotData>());
            return Task.FromResult<object?>(null);
        }));
        bed.Host.OnImport = url =>
        {
            var next = bed.Client.CreateHotContext(url);
            seen.Add(next.Data);
            next.AcceptDependencies([url], null);
            return Task.CompletedTask;
        };

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self), HmrTestBed.JsUpdate(Self, Self));

        // Instance 1, dispose, instance 2, dispose (the first instance's callback: disposeMap keeps it), instance 3.
        seen.Count.ShouldBe(5);
        seen.ShouldAllBe(d => ReferenceEquals(d, seen[0]));
    }

    [Fact]
    public async Task Before_and_after_update_listeners_receive_the_payload_as_sent_on_the_wire()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        context.AcceptDependencies([Self], bed.Function("accept"));
        context.On("vite:beforeUpdate", bed.Function("before"));
        context.On("vite:afterUpdate", bed.Function("after"));
        var wire = HmrTestBed.JsUpdate(Self, Self);

        await bed.DeliverAsync(wire);

        bed.Log.Entries.ShouldBe([
            $"before({wire})",
            $"import {Self}",
            $"accept([{Self}#1])",
            $"debug: hot updated: {Self}",
            $"after({wire})",
        ]);
    }

    [Fact]
    public async Task Updates_of_one_payload_dispose_all_first_then_import_then_call_back_in_arrival_order()
    {
        var bed = new HmrTestBed();
        const string a = "/src/a.js";
        const string b = "/src/b.js";
        foreach (var url in new[] { a, b })
        {
            var context = bed.Client.CreateHotContext(url);
            context.AcceptDependencies([url], bed.Function($"accept {url}"));
            context.Dispose(bed.Function($"dispose {url}"));
        }
        // The first import finishes last: the callbacks must still run in arrival order.
        var releaseA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Host.OnImport = url =>
        {
            if (url == b) releaseA.SetResult();
            return url == a ? releaseA.Task : Task.CompletedTask;
        };

        await bed.DeliverAsync($$"""{"type":"update","updates":[{{HmrTestBed.JsUpdateEntry(a, a)}},{{HmrTestBed.JsUpdateEntry(b, b)}}]}""");

        bed.Log.Entries.ShouldBe([
            $"dispose {a}(data({a}))",
            $"dispose {b}(data({b}))",
            $"import {a}",
            $"import {b}",
            $"accept {a}([{a}#1])",
            $"debug: hot updated: {a}",
            $"accept {b}([{b}#1])",
            $"debug: hot updated: {b}",
        ]);
    }

    [Fact]
    public async Task A_css_update_logs_that_css_hmr_is_not_supported_and_js_updates_of_the_payload_still_apply()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext(Self).AcceptDependencies([Self], bed.Function("accept"));

        await bed.DeliverAsync($$"""{"type":"update","updates":[{{HmrTestBed.JsUpdateEntry("/src/style.css", "/src/style.css", type: "css-update")}},{{HmrTestBed.JsUpdateEntry(Self, Self)}}]}""");

        bed.Log.Entries.ShouldBe([
            "error: css hmr is not supported in runner mode.",
            $"import {Self}",
            $"accept([{Self}#1])",
            $"debug: hot updated: {Self}",
        ]);
    }

    [Fact]
    public async Task A_failed_reimport_is_logged_and_the_callbacks_still_run_without_a_module()
    {
        var bed = new HmrTestBed();
        var error = new ScriptException("SyntaxError", "Unexpected token", "SyntaxError: Unexpected token\n    at /src/hmr/child.js:3:1");
        bed.Host.FailImport(Child, error);
        bed.Client.CreateHotContext(Parent).AcceptDependencies([Child, "/src/hmr/other.js"], bed.Function("accept"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Parent, Child));

        bed.Log.Entries.ShouldBe([
            $"import {Child}",
            "error: Unexpected token",
            $"error: Failed to reload {Child}. This could be due to syntax errors or importing non-existent modules. (see errors above)",
            "accept([undefined, undefined])",
            $"debug: hot updated: {Child} via {Parent}",
        ]);
        bed.Logger.Calls[0].Exception.ShouldBeSameAs(error);
    }

    [Fact]
    public async Task A_failed_reimport_whose_message_mentions_fetch_logs_only_the_failed_to_reload_line()
    {
        var bed = new HmrTestBed();
        bed.Host.FailImport(Self, new InvalidOperationException("failed to fetch module"));
        bed.Client.CreateHotContext(Self).AcceptDependencies([Self], null);

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        bed.Logger.LevelsAndMessages.ShouldBe([
            ["error", $"Failed to reload {Self}. This could be due to syntax errors or importing non-existent modules. (see errors above)"],
            ["debug", $"hot updated: {Self}"],
        ]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failing_accept_callback_is_logged_and_the_other_callbacks_and_updates_still_run(bool synchronously)
    {
        var bed = new HmrTestBed();
        var failing = synchronously ? RecordingScriptFunction.ThrowsSynchronously("boom") : RecordingScriptFunction.Rejects("boom");
        var context = bed.Client.CreateHotContext(Self);
        context.AcceptDependencies([Self], bed.Function("failing", failing));
        context.AcceptDependencies([Self], bed.Function("second"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self), HmrTestBed.JsUpdate(Self, Self));

        bed.Log.Entries.ShouldBe([
            $"import {Self}",
            $"failing([{Self}#1])",
            $"error: An accept callback of {Self} failed while applying the update of {Self}\nboom\nError: boom\n    at fixture.js:1:1",
            $"second([{Self}#1])",
            $"debug: hot updated: {Self}",
            $"import {Self}",
            $"failing([{Self}#2])",
            $"error: An accept callback of {Self} failed while applying the update of {Self}\nboom\nError: boom\n    at fixture.js:1:1",
            $"second([{Self}#2])",
            $"debug: hot updated: {Self}",
        ]);
    }

    [Fact]
    public async Task A_failing_dispose_aborts_the_payload_like_vite_and_the_next_payload_is_handled()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        context.AcceptDependencies([Self], bed.Function("accept"));
        context.Dispose(bed.Function("dispose", RecordingScriptFunction.Rejects("dispose failed")));
        context.On("vite:afterUpdate", bed.Function("after"));
        context.On("x:next", bed.Function("next"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self), """{"type":"custom","event":"x:next","data":true}""");

        bed.Log.Entries.ShouldBe([
            $"dispose(data({Self}))",
            "error: An error happened while handling a \"update\" payload\ndispose failed\nError: dispose failed\n    at fixture.js:1:1",
            "next(true)",
        ]);
    }

    [Fact]
    public async Task An_async_accept_callback_is_awaited_before_the_next_payload()
    {
        var bed = new HmrTestBed();
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Client.CreateHotContext(Self).AcceptDependencies([Self], bed.Function("slowAccept", _ => release.Task));
        bed.Client.CreateHotContext(Parent).On("x:next", bed.Function("next"));

        bed.Client.Enqueue(Runner.Extensible.Protocol.ProtocolJson.ParsePayload(HmrTestBed.JsUpdate(Self, Self)));
        bed.Client.Enqueue(Runner.Extensible.Protocol.ProtocolJson.ParsePayload("""{"type":"custom","event":"x:next"}"""));
        var idle = bed.Client.WhenIdleAsync();
        await WaitUntilAsync(() => bed.Log.Entries.Contains($"slowAccept([{Self}#1])"));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        idle.IsCompleted.ShouldBeFalse();
        bed.Log.Entries.ShouldNotContain("next(undefined)");

        release.SetResult(null);
        await idle.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        bed.Log.Entries.TakeLast(2).ShouldBe([$"debug: hot updated: {Self}", "next(undefined)"]);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not reached");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
