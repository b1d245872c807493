using Runner.Extensible.Conformance.Runtime;
using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Conformance;

public abstract partial class TransportConformanceTests<TFixture>
{
    /// <summary>TRN-005: once connected, the first payload delivered is the server's <c>{"type":"connected"}</c>.</summary>
    [Fact, Guarantee("TRN-005")]
    public virtual async Task TRN005_the_first_payload_is_connected()
    {
        await using var scope = await OpenAsync();
        RequireDuplex(scope.Transport, "the server's payloads reach the runner only over a push channel");
        await scope.ConnectAsync();
        await scope.Handler.WaitForAsync(_ => true, scope.Timeout, "the first payload");
        scope.Handler.Payloads[0].ShouldBeOfType<ConnectedPayload>("the first payload after connecting");
    }

    /// <summary>TRN-006: a custom event sent reaches the server, and its reply to this connection comes back.</summary>
    [Fact, Guarantee("TRN-006")]
    public virtual async Task TRN006_custom_events_go_both_ways()
    {
        await using var scope = await OpenAsync();
        var duplex = RequireDuplex(scope.Transport, "events travel over the push channel");
        await scope.ConnectAsync();
        var data = ProtocolJson.ToElement(new { n = 1, text = "héllo ✓ 🚀", nested = new { list = new object?[] { 1, "two", null } } });
        await Hang.Guard(duplex.SendAsync(new CustomPayload("x:hello", data), Cancellation).AsTask(), scope.Timeout, "Sending x:hello");
        var reply = (CustomPayload)await scope.Handler.WaitForAsync(p => p is CustomPayload { Event: "x:hello-reply" }, scope.Timeout,
            "the fixture app's reply x:hello-reply (vite.config.ts answers x:hello to the sender)");
        var echoed = reply.Data.ShouldNotBeNull().GetProperty("echoed");
        JsonSemantics.Equal(echoed, data).ShouldBeTrue($"the event's data, echoed by the server, arrived changed: sent {data.GetRawText()}, got back {echoed.GetRawText()}");
    }

    /// <summary>TRN-007: payloads the server broadcasts arrive parsed, unchanged and in order (update, full-reload, prune, error, custom).</summary>
    [Fact, Guarantee("TRN-007")]
    public virtual async Task TRN007_broadcasts_arrive_unchanged_and_in_order()
    {
        RequireKitServer("the kit makes its server broadcast");
        await using var scope = await OpenAsync();
        RequireDuplex(scope.Transport, "broadcasts reach the runner only over a push channel");
        await scope.ConnectAsync();
        await scope.Handler.WaitForAsync(p => p is ConnectedPayload, scope.Timeout, "connected");
        HotPayload[] sent =
        [
            new UpdatePayload([new Update("js-update", 1700000000000, "/src/math.ts", "/src/math.ts")]),
            new FullReloadPayload($"{Fixture.Server.Root}/src/math.ts", "*"),
            new PrunePayload(["/src/dyn/lazy.ts"]),
            new ErrorPayload(ProtocolJson.ToElement(new { message = "conformance error", stack = "Error: conformance error\n    at server" })),
            new CustomPayload("conformance:data", ProtocolJson.ToElement(new { text = "héllo ✓ 🚀", big = 1e21, list = new object?[] { true, null, "x" } })),
        ];
        await Fixture.SharedServer.BroadcastAsync(sent);
        await RecordingMessageHandler.WaitUntilAsync(() => ReceivedAfterConnected(scope).Length >= sent.Length, scope.Timeout, $"{sent.Length} broadcasts");
        var received = ReceivedAfterConnected(scope).Take(sent.Length).ToArray();
        for (var i = 0; i < sent.Length; i++)
        {
            JsonSemantics.Equal(ProtocolJson.ToElement(received[i]), ProtocolJson.ToElement(sent[i]))
                .ShouldBeTrue($"broadcast {i} arrived changed or out of order: sent {ProtocolJson.Serialize(sent[i])}, received {ProtocolJson.Serialize(received[i])}");
        }
    }

    /// <summary>TRN-008: the handler is called for one payload at a time, in the order the server sent them.</summary>
    [Fact, Guarantee("TRN-008")]
    public virtual async Task TRN008_payloads_are_delivered_one_at_a_time_in_order()
    {
        RequireKitServer("the kit makes its server broadcast a burst");
        await using var scope = await OpenAsync();
        RequireDuplex(scope.Transport, "broadcasts reach the runner only over a push channel");
        await scope.ConnectAsync();
        await scope.Handler.WaitForAsync(p => p is ConnectedPayload, scope.Timeout, "connected");
        const int Count = 200;
        await Fixture.SharedServer.BroadcastAsync(Enumerable.Range(0, Count).Select(i => (HotPayload)new CustomPayload("conformance:burst", ProtocolJson.ToElement(new { n = i }))).ToArray());
        await RecordingMessageHandler.WaitUntilAsync(() => Burst(scope).Length >= Count, scope.Timeout, $"{Count} broadcasts");
        Burst(scope).ShouldBe(Enumerable.Range(0, Count), "the burst arrived out of order");
        scope.Handler.Overlaps.ShouldBe(0, "the transport called the handler while a previous call was still running");
    }

    private static HotPayload[] ReceivedAfterConnected(TransportScope scope) =>
        scope.Handler.Payloads.SkipWhile(p => p is not ConnectedPayload).Skip(1).Where(p => !ProtocolJson.TryReadInvoke(p, out _, out _, out _)).ToArray();

    private static int[] Burst(TransportScope scope) =>
        scope.Handler.Payloads.OfType<CustomPayload>().Where(p => p.Event == "conformance:burst").Select(p => p.Data!.Value.GetProperty("n").GetInt32()).ToArray();
}
