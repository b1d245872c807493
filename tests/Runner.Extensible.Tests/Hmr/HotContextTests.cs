using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr;

/// <summary><c>import.meta.hot</c> (vite-protocol.md §2.3): creation side effects and every member.</summary>
public sealed class HotContextTests
{
    private const string Self = "/src/hmr/self.js";
    private const string Parent = "/src/hmr/parent.js";
    private const string Child = "/src/hmr/child.js";

    [Fact]
    public void Data_is_created_on_first_context_and_kept_for_the_next_instance()
    {
        var bed = new HmrTestBed();
        var first = bed.Client.CreateHotContext(Self);
        var second = bed.Client.CreateHotContext(Self);

        first.OwnerPath.ShouldBe(Self);
        first.Data.OwnerPath.ShouldBe(Self);
        second.Data.ShouldBeSameAs(first.Data);
        bed.Client.CreateHotContext(Parent).Data.ShouldNotBeSameAs(first.Data);
    }

    [Fact]
    public async Task A_new_context_resets_the_accept_callbacks_of_the_module()
    {
        var bed = new HmrTestBed();
        var old = bed.Function("oldAccept");
        bed.Client.CreateHotContext(Self).AcceptDependencies([Self], old);
        bed.Client.CreateHotContext(Self); // the new instance does not accept

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        old.Calls.ShouldBeEmpty();
        // The module entry still exists (now with no callbacks), and a self-update always re-imports.
        bed.Host.Imports.ShouldBe([Self]);
        bed.Logger.Messages.ShouldBe([$"hot updated: {Self}"]);
    }

    [Fact]
    public async Task A_new_context_removes_only_the_listeners_of_the_previous_context_of_the_same_module()
    {
        var bed = new HmrTestBed();
        var stale = bed.Function("stale");
        var other = bed.Function("otherModule");
        bed.Client.CreateHotContext(Self).On("x:ping", stale);
        bed.Client.CreateHotContext(Parent).On("x:ping", other);

        var fresh = bed.Function("fresh");
        bed.Client.CreateHotContext(Self).On("x:ping", fresh);
        await bed.DeliverAsync("""{"type":"custom","event":"x:ping","data":{"n":1}}""");

        stale.Calls.ShouldBeEmpty();
        bed.Log.Entries.ShouldBe(["""otherModule({"n":1})""", """fresh({"n":1})"""]);
    }

    [Fact]
    public async Task Each_new_context_removes_the_listeners_of_the_context_before_it()
    {
        // Vite keeps one ctxToListenersMap entry per URL: the third context removes the second's listeners,
        // and the first's were already removed by the second.
        var bed = new HmrTestBed();
        var first = bed.Function("first");
        bed.Client.CreateHotContext(Self).On("x:e", first);
        var second = bed.Function("second");
        bed.Client.CreateHotContext(Self).On("x:e", second);
        bed.Client.CreateHotContext(Self);

        await bed.DeliverAsync("""{"type":"custom","event":"x:e"}""");

        first.Calls.ShouldBeEmpty();
        second.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Off_removes_the_listener_from_the_client_and_from_its_context()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        var kept = bed.Function("kept");
        var removed = bed.Function("removed");
        context.On("x:e", kept);
        context.On("x:e", removed);
        context.Off("x:e", removed);
        context.Off("x:unknown", removed); // no listeners for that event: nothing happens
        context.Off("x:e", bed.Function("neverAdded"));

        await bed.DeliverAsync("""{"type":"custom","event":"x:e","data":1}""");

        bed.Log.Entries.ShouldBe(["kept(1)"]);
    }

    [Fact]
    public async Task Off_of_the_last_listener_deletes_the_event_and_on_adds_it_again()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        var listener = bed.Function("listener");
        context.On("x:e", listener);
        context.Off("x:e", listener);
        await bed.DeliverAsync("""{"type":"custom","event":"x:e","data":1}""");
        listener.Calls.ShouldBeEmpty();

        context.On("x:e", listener);
        await bed.DeliverAsync("""{"type":"custom","event":"x:e","data":2}""");
        bed.Log.Entries.ShouldBe(["listener(2)"]);
    }

    [Fact]
    public async Task The_same_listener_registered_twice_is_called_twice_and_off_removes_both()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        var listener = bed.Function("listener");
        context.On("x:e", listener);
        context.On("x:e", listener);
        await bed.DeliverAsync("""{"type":"custom","event":"x:e","data":1}""");
        listener.Calls.Count.ShouldBe(2);

        context.Off("x:e", listener);
        await bed.DeliverAsync("""{"type":"custom","event":"x:e","data":2}""");
        listener.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task AcceptDependencies_passes_an_array_aligned_with_the_dependencies()
    {
        var bed = new HmrTestBed();
        var callback = bed.Function("accept");
        bed.Client.CreateHotContext(Parent).AcceptDependencies(["/src/hmr/a.js", Child, "/src/hmr/b.js"], callback);

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Parent, Child));

        callback.Calls.Count.ShouldBe(1);
        callback.Calls[0].Length.ShouldBe(1); // one argument: the array
        var modules = callback.Calls[0][0].ShouldBeOfType<object?[]>();
        modules.Length.ShouldBe(3);
        modules[0].ShouldBeNull();
        modules[1].ShouldBeOfType<FakeModule>().Name.ShouldBe($"{Child}#1");
        modules[2].ShouldBeNull();
    }

    [Fact]
    public async Task AcceptExports_accepts_updates_of_the_module_itself()
    {
        var bed = new HmrTestBed();
        var callback = bed.Function("acceptExports");
        bed.Client.CreateHotContext(Self).AcceptExports(["a", "b"], callback);

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        bed.Log.Entries.ShouldBe([$"import {Self}", $"acceptExports([{Self}#1])", $"debug: hot updated: {Self}"]);
    }

    [Fact]
    public async Task Accept_without_a_callback_still_reimports_and_logs()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext(Parent).AcceptDependencies([Child], null);

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Parent, Child));

        bed.Log.Entries.ShouldBe([$"import {Child}", $"debug: hot updated: {Child} via {Parent}"]);
    }

    [Fact]
    public async Task Decline_registers_nothing()
    {
        var bed = new HmrTestBed();
        bed.Client.CreateHotContext(Self).Decline();

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self));

        bed.Log.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispose_and_prune_replace_the_previous_callback_of_the_module()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        context.AcceptDependencies([Self], null);
        context.Dispose(bed.Function("dispose1"));
        context.Dispose(bed.Function("dispose2"));
        context.Prune(bed.Function("prune1"));
        context.Prune(bed.Function("prune2"));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self), $$"""{"type":"prune","paths":["{{Self}}"]}""");

        bed.Log.Entries.ShouldBe([
            $"dispose2(data({Self}))", $"import {Self}", $"debug: hot updated: {Self}",
            $"dispose2(data({Self}))", $"prune2(data({Self}))",
        ]);
    }

    [Fact]
    public async Task Send_sends_a_custom_payload()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);

        context.Send("x:hello", JsonDocument.Parse("""{"from":"runner"}""").RootElement);
        context.Send("x:empty", null);
        await bed.Client.WhenIdleAsync();

        bed.Host.SentJson.ShouldBe([
            """{"type":"custom","event":"x:hello","data":{"from":"runner"}}""",
            """{"type":"custom","event":"x:empty"}""",
        ]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_send_failure_is_logged_and_never_thrown_into_script_code(bool synchronously)
    {
        var bed = new HmrTestBed();
        bed.Host.SendFailure = new InvalidOperationException("transport closed");
        bed.Host.SendFailsSynchronously = synchronously;
        var context = bed.Client.CreateHotContext(Self);

        Should.NotThrow(() => context.Send("x:hello", null));
        Should.NotThrow(() => context.Invalidate("why"));

        bed.Logger.Calls.Select(c => (c.Level, c.Message)).ShouldBe([
            ("error", "transport closed"),
            ("error", "transport closed"),
            ("debug", $"invalidate {Self}: why"),
        ]);
        bed.Logger.Calls[0].Exception.ShouldBeSameAs(bed.Host.SendFailure);
    }

    [Fact]
    public async Task Invalidate_notifies_locally_then_sends_then_logs()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        context.On("vite:invalidate", bed.Function("onInvalidate"));

        context.Invalidate("changed exports");
        context.Invalidate(null);
        await bed.Client.WhenIdleAsync();

        bed.Log.Entries.ShouldBe([
            $$"""onInvalidate({"path":"{{Self}}","message":"changed exports","firstInvalidatedBy":"{{Self}}"})""",
            $$$"""send {"type":"custom","event":"vite:invalidate","data":{"path":"{{{Self}}}","message":"changed exports","firstInvalidatedBy":"{{{Self}}}"}}""",
            $"debug: invalidate {Self}: changed exports",
            $$"""onInvalidate({"path":"{{Self}}","firstInvalidatedBy":"{{Self}}"})""",
            $$$"""send {"type":"custom","event":"vite:invalidate","data":{"path":"{{{Self}}}","firstInvalidatedBy":"{{{Self}}}"}}""",
            $"debug: invalidate {Self}",
        ]);
    }

    [Fact]
    public async Task Invalidate_inside_an_accept_callback_carries_the_updates_firstInvalidatedBy()
    {
        // Recorded sequence (hmr-invalidate): inv.ts invalidates, the server sends an update of its importer
        // with firstInvalidatedBy; if that importer invalidates too, the original module is carried along.
        var bed = new HmrTestBed();
        const string inv = "/src/hmr/inv.js";
        const string invParent = "/src/hmr/inv-parent.js";
        IHotContext? parentContext = null;
        parentContext = bed.Client.CreateHotContext(invParent);
        parentContext.AcceptDependencies([invParent], bed.Function("parentAccept", RecordingScriptFunction.Runs(_ => parentContext!.Invalidate(null))));
        IHotContext? invContext = null;
        invContext = bed.Client.CreateHotContext(inv);
        invContext.AcceptDependencies([inv], bed.Function("invAccept", RecordingScriptFunction.Runs(_ => invContext!.Invalidate("again"))));

        await bed.DeliverAsync(HmrTestBed.JsUpdate(inv, inv), HmrTestBed.JsUpdate(invParent, invParent, firstInvalidatedBy: inv));
        // After the callbacks, the client no longer carries it.
        parentContext.Invalidate(null);

        bed.Host.SentJson.ShouldBe([
            $$$"""{"type":"custom","event":"vite:invalidate","data":{"path":"{{{inv}}}","message":"again","firstInvalidatedBy":"{{{inv}}}"}}""",
            $$$"""{"type":"custom","event":"vite:invalidate","data":{"path":"{{{invParent}}}","firstInvalidatedBy":"{{{inv}}}"}}""",
            $$$"""{"type":"custom","event":"vite:invalidate","data":{"path":"{{{invParent}}}","firstInvalidatedBy":"{{{invParent}}}"}}""",
        ]);
        bed.Logger.Messages.ShouldBe([
            $"invalidate {inv}: again", $"hot updated: {inv}",
            $"invalidate {invParent}", $"hot updated: {invParent}",
            $"invalidate {invParent}",
        ]);
    }

    [Fact]
    public async Task Data_deleted_by_a_prune_is_not_tracked_any_more_and_a_new_context_starts_fresh()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        var before = context.Data;

        await bed.DeliverAsync($$"""{"type":"prune","paths":["{{Self}}"]}""");

        var detached = context.Data;
        detached.ShouldNotBeSameAs(before);
        context.Data.ShouldBeSameAs(detached);
        var recreated = bed.Client.CreateHotContext(Self).Data;
        recreated.ShouldNotBeSameAs(before);
        recreated.ShouldNotBeSameAs(detached);
        context.Data.ShouldBeSameAs(recreated); // the client tracks data again, so every context sees it
    }

    [Fact]
    public async Task Clear_forgets_callbacks_data_and_listeners()
    {
        var bed = new HmrTestBed();
        var context = bed.Client.CreateHotContext(Self);
        var data = context.Data;
        var accept = bed.Function("accept");
        var listener = bed.Function("listener");
        context.AcceptDependencies([Self], accept);
        context.Dispose(bed.Function("dispose"));
        context.On("x:e", listener);

        bed.Client.Clear();
        await bed.DeliverAsync(HmrTestBed.JsUpdate(Self, Self), """{"type":"custom","event":"x:e"}""");

        bed.Log.Entries.ShouldBeEmpty();
        bed.Client.CreateHotContext(Self).Data.ShouldNotBeSameAs(data);
    }
}
