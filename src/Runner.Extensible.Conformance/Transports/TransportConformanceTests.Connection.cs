using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Hmr;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance;

public abstract partial class TransportConformanceTests<TFixture>
{
    /// <summary>TRN-010: disconnecting twice is fine, and sending after it fails with a <see cref="TransportException"/>.</summary>
    [Fact, Guarantee("TRN-010")]
    public virtual async Task TRN010_disconnect_is_idempotent_and_later_sends_fail()
    {
        await using var scope = await OpenAsync();
        var duplex = RequireDuplex(scope.Transport, "only a duplex transport connects and disconnects");
        await scope.ConnectAsync();
        await Hang.Guard(duplex.DisconnectAsync(Cancellation).AsTask(), scope.Timeout, "The first disconnect");
        await Hang.Guard(duplex.DisconnectAsync(Cancellation).AsTask(), scope.Timeout, "A second disconnect");
        await Should.ThrowAsync<TransportException>(() => Hang.Guard(duplex.SendAsync(new CustomPayload("x:hello", null), Cancellation).AsTask(), scope.Timeout, "Sending after disconnecting"),
            "sending on a closed connection must fail with TransportException, not be dropped silently");
    }

    /// <summary>TRN-011: when the server goes away, the handler hears of it, and a call in flight fails at once naming the method (not after a timeout).</summary>
    [Fact, Guarantee("TRN-011")]
    public virtual async Task TRN011_a_lost_connection_is_reported_and_fails_calls_in_flight()
    {
        RequireKitServer("the kit stops its server");
        await using var server = await StartOwnServerAsync();
        await using (var scope = await OpenAsync(server.Connection))
        {
            if (scope.Transport is IDuplexTransport && Fixture.SupportsPush)
            {
                await scope.ConnectAsync();
                await scope.Handler.WaitForAsync(p => p is ConnectedPayload, scope.Timeout, "connected");
                await server.KillAsync();
                await RecordingMessageHandler.WaitUntilAsync(() => scope.Handler.Disconnections > 0, scope.Timeout, "OnDisconnected after the server went away");
            }
        }

        await server.RestartAsync();
        var (session, _) = await StartRunnerAsync(server.Connection);
        await using (session)
        {
            var slow = session.Runner.ImportAsync("/@id/__x00__virtual:conformance-slow");
            await Task.Delay(500);
            slow.IsCompleted.ShouldBeFalse("the slow module answered before the server was stopped");
            await server.KillAsync();
            var failure = await Should.ThrowAsync<Exception>(() => Hang.Guard(slow, TimeSpan.FromSeconds(20), "The call in flight when the server went away"));
            Describe(failure).ShouldContain("fetchModule", Case.Sensitive, "the failure of a call cut off by a lost connection names the method");
        }
    }

    /// <summary>TRN-012: after the server comes back on the same address, the transport reconnects by itself (<c>OnReconnected</c>) and calls work again.</summary>
    [Fact, Guarantee("TRN-012")]
    public virtual async Task TRN012_the_transport_reconnects_when_the_server_returns()
    {
        RequireKitServer("the kit stops and restarts its server");
        Capability.Require(Fixture.SupportsReconnect, Fixture, nameof(TransportConformanceFixture.SupportsReconnect), "it does not reconnect by itself");
        await using var server = await StartOwnServerAsync();
        await using var scope = await OpenAsync(server.Connection);
        await scope.ConnectAsync();
        if (scope.Transport is IDuplexTransport duplex && Fixture.SupportsPush)
        {
            await scope.Handler.WaitForAsync(p => p is ConnectedPayload, scope.Timeout, "connected");
            await server.KillAsync();
            await RecordingMessageHandler.WaitUntilAsync(() => scope.Handler.Disconnections > 0, scope.Timeout, "OnDisconnected");
            await server.RestartAsync();
            await RecordingMessageHandler.WaitUntilAsync(() => scope.Handler.Reconnections > 0, scope.Timeout, "OnReconnected after the server came back");
            var builtins = await Hang.Guard(scope.Handler.InvokeAsync(duplex, "getBuiltins", Args(), Cancellation), scope.Timeout, "A call after reconnecting");
            builtins.IsError.ShouldBeFalse();
        }
        else
        {
            var invoke = RequireInvoke(scope.Transport);
            await server.KillAsync();
            await server.RestartAsync();
            var builtins = await Hang.Guard(invoke.InvokeAsync(new InvokeRequest("getBuiltins", "send", Args()), Cancellation), scope.Timeout, "A call after the server came back");
            builtins.IsError.ShouldBeFalse();
        }
    }

    /// <summary>TRN-013: a server that is not there fails connecting (or calling) with a <see cref="TransportException"/>, promptly.</summary>
    [Fact, Guarantee("TRN-013")]
    public virtual async Task TRN013_an_unreachable_server_fails_with_a_transport_exception()
    {
        RequireKitServer("the kit points the transport at a server it stopped");
        ViteServerConnection gone;
        await using (var server = await StartOwnServerAsync())
        {
            gone = server.Connection;
            await server.KillAsync();
        }
        await using var scope = await OpenAsync(gone);
        if (scope.Transport is IDuplexTransport duplex)
        {
            var failure = await Should.ThrowAsync<Exception>(() => Hang.Guard(duplex.ConnectAsync(scope.Handler, Cancellation).AsTask(), scope.Timeout, "Connecting to a server that is gone"));
            failure.ShouldBeAssignableTo<TransportException>($"connecting to a server that is gone must fail with TransportException, not {failure.GetType().Name}: {failure.Message}");
        }
        else
        {
            var invoke = RequireInvoke(scope.Transport);
            var failure = await Should.ThrowAsync<Exception>(() => Hang.Guard(invoke.InvokeAsync(new InvokeRequest("getBuiltins", "send", Args()), Cancellation), scope.Timeout, "Calling a server that is gone"));
            failure.ShouldBeAssignableTo<TransportException>($"calling a server that is gone must fail with TransportException, not {failure.GetType().Name}: {failure.Message}");
            failure.Message.ShouldContain("getBuiltins", Case.Sensitive, "the failure names the method");
        }
    }

    /// <summary>TRN-014: through the real core, an edit on the server reaches the runner's HMR client (a full reload of the edited entry).</summary>
    [Fact, Guarantee("TRN-014")]
    public virtual async Task TRN014_hmr_updates_reach_the_runner()
    {
        RequireKitServer("the kit edits a file its server serves");
        Capability.Require(Fixture.SupportsPush, Fixture, nameof(TransportConformanceFixture.SupportsPush), "HMR payloads reach the runner only over a push channel");
        var messages = new List<string>();
        var (session, _) = await StartRunnerAsync(kit: builder => builder.UseHmrLogger(_ => new ListLogger(messages)));
        await using var _ = session;
        await session.ImportAsync("/src/dyn/computed.ts");
        var before = session.Runner.EvaluatedModules.GetModuleByUrl("/src/dyn/computed.ts").ShouldNotBeNull().Meta;
        // The quoted text survives Vite's transform, so an in-process server can edit the served code the same way.
        await Fixture.SharedServer.EditAsync("src/dyn/computed.ts", "computed (runtime specifier)", $"computed (edited by the conformance kit {Guid.NewGuid():N})");
        await RecordingMessageHandler.WaitUntilAsync(() => Snapshot(messages).Contains("program reload"), session.Timeout,
            "the runner's HMR client to log \"program reload\" for the edited entry");
        await RecordingMessageHandler.WaitUntilAsync(() => session.Runner.EvaluatedModules.GetModuleByUrl("/src/dyn/computed.ts")?.Meta is InlinedFetchResult { Code: { } code } && code.Contains("edited by the conformance kit", StringComparison.Ordinal),
            session.Timeout, "the runner to re-import the edited module");
        before.ShouldNotBeNull();
    }

    /// <summary>TRN-015: closing the runner closes the transport's connection to the server.</summary>
    [Fact, Guarantee("TRN-015")]
    public virtual async Task TRN015_closing_the_runner_closes_the_connection()
    {
        RequireKitServer("the kit counts its server's connections");
        Capability.Require(Fixture.SupportsPush, Fixture, nameof(TransportConformanceFixture.SupportsPush), "a request/response transport holds no connection open");
        // A server of its own: connections other tests left closing on the shared server would blur the count.
        await using var server = await StartOwnServerAsync();
        (await server.CountConnectionsAsync()).ShouldBe(0);
        var (session, _) = await StartRunnerAsync(server.Connection);
        await using (session)
        {
            await session.ImportAsync("/src/math.ts");
            await WaitForConnectionsAsync(server, 1, session.Timeout, "the runner's connection to open");
        }
        await WaitForConnectionsAsync(server, 0, Fixture.OperationTimeout, "the runner's connection to close after the runner was closed");
    }

    private static async Task WaitForConnectionsAsync(ConformanceViteServer server, int count, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        int now;
        while ((now = await server.CountConnectionsAsync()) != count)
        {
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"Waited {timeout.TotalSeconds:0} s for {what}: the server has {now} connections, expected {count}.");
            await Task.Delay(20);
        }
    }

    private static string Describe(Exception exception)
    {
        var text = new System.Text.StringBuilder();
        for (Exception? e = exception; e is not null; e = e.InnerException) text.Append(e.GetType().Name).Append(": ").Append(e.Message).Append(" | ");
        return text.ToString();
    }

    private static string[] Snapshot(List<string> messages)
    {
        lock (messages) return messages.ToArray();
    }

    private sealed class ListLogger(List<string> messages) : IHmrLogger
    {
        public void Debug(string message)
        {
            lock (messages) messages.Add(message);
        }

        public void Error(string message, Exception? exception = null)
        {
            lock (messages) messages.Add("error: " + message);
        }
    }
}
