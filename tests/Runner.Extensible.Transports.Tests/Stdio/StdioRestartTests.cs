using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Stdio;

/// <summary>
/// The stdio transport starting a new host after the old one exited on its own (AutoRestart), with the fake host, whose
/// start-up a file decides: ready, exiting with a code, or hanging.
/// </summary>
public sealed class StdioRestartTests : IAsyncLifetime
{
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private ViteApp _app = null!;
    private string _startFile = null!;

    public ValueTask InitializeAsync()
    {
        _app = ViteApp.Create();
        _startFile = Path.Combine(_app.Root, "fake-host-start.txt");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        _app.Dispose();
    }

    private IReadOnlyList<int> StartedPids() =>
        _builder.Logs.Entries
            .Where(e => e.Message.StartsWith("Started the Vite stdio host", StringComparison.Ordinal))
            .Select(e => (int)e.Values["Pid"]!)
            .ToList();

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    private IDuplexTransport FakeHost(Action<StdioTransportOptions>? configure = null) =>
        _builder.UseStdio(o =>
        {
            o.Root = _app.Root;
            o.HostScript = RepoPaths.FakeStdioHost;
            o.MaxInboundMessageBytes = 4096;
            o.EnvironmentVariables["FAKE_HOST_START_FILE"] = _startFile;
            o.RestartDelay = TimeSpan.FromMilliseconds(50);
            o.MaxRestartDelay = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(o);
        }).CreateTransport<IDuplexTransport>();

    private Task ExitAsync(IDuplexTransport transport, int code) =>
        transport.SendAsync(new CustomPayload("x:exit", ProtocolJson.ToElement(new { code })), TestContext.Current.CancellationToken).AsTask();

    [Fact]
    public async Task A_host_that_exits_is_reported_at_once_then_restarted_and_the_connection_works_again()
    {
        await using var transport = FakeHost();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        var firstPid = StartedPids().ShouldHaveSingleItem();

        await ExitAsync(transport, 3);

        var reason = (await _handler.WaitForDisconnectionAsync(timeout: TimeSpan.FromSeconds(5))).ShouldBeOfType<TransportException>();
        reason.Message.ShouldContain($"(node pid {firstPid}) exited unexpectedly with code 3");
        reason.Message.ShouldContain("the stdio transport is starting a new one");
        reason.Message.ShouldContain("fatal: fake host gives up");
        await _handler.WaitForReconnectionAsync();
        var secondPid = StartedPids()[^1];
        secondPid.ShouldNotBe(firstPid);
        IsRunning(firstPid).ShouldBeFalse();
        transport.DisplayName.ShouldEndWith($"(node pid {secondPid})");
        // The new host greeted like the first one; the handler heard it after OnReconnected.
        _handler.Messages.OfType<ConnectedPayload>().Count().ShouldBe(2);

        await transport.SendAsync(new CustomPayload("x:echo", ProtocolJson.ToElement(new { again = true })), TestContext.Current.CancellationToken);
        (await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "echoed")).Data!.Value.GetProperty("again").GetBoolean().ShouldBeTrue();
        _handler.Disconnections.ShouldHaveSingleItem();
        _handler.OverlapSeen.ShouldBeFalse();
        _builder.Logs.Entries.ShouldContain(e => e.Message == $"Restarted the Vite stdio host (node pid {secondPid}) after 1 attempt(s)");
    }

    [Fact]
    public async Task Restarts_that_keep_failing_stop_after_MaxRestartAttempts_with_the_last_exit_code_and_stderr()
    {
        await using var transport = FakeHost(o => o.MaxRestartAttempts = 3);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        File.WriteAllText(_startFile, "5");

        await ExitAsync(transport, 3);

        var reason = (await _handler.WaitForDisconnectionAsync(count: 2)).ShouldBeOfType<TransportException>();
        TestContext.Current.TestOutputHelper?.WriteLine(reason.Message);
        reason.Message.ShouldContain("exited unexpectedly with code 3, and the stdio transport gave up restarting it after 3 failed attempt(s) in a row");
        reason.Message.ShouldContain("MaxRestartAttempts");
        reason.Message.ShouldContain("exited with code 5 before it was ready");
        reason.Message.ShouldContain("fake host cannot start: exiting with code 5");
        reason.Message.ShouldContain("fatal: fake host gives up");
        StartedPids().Count.ShouldBe(4);
        _builder.Logs.AtLeast(LogLevel.Warning).Count(e => e.Message.StartsWith("Restart attempt", StringComparison.Ordinal)).ShouldBe(3);
        _builder.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Message.StartsWith("Gave up restarting the Vite stdio host after 3 attempt(s)", StringComparison.Ordinal));
        transport.DisplayName.ShouldEndWith("(the Vite host exited; restarting it failed)");
        (await Should.ThrowAsync<TransportException>(() => transport.SendAsync(new CustomPayload("x:echo"), TestContext.Current.CancellationToken).AsTask()))
            .Message.ShouldContain("it exited and could not be restarted");

        // It stays stopped; once the cause is fixed, connecting again starts a new host.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        StartedPids().Count.ShouldBe(4);
        _handler.Reconnections.ShouldBe(0);
        File.Delete(_startFile);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await transport.SendAsync(new CustomPayload("x:echo", ProtocolJson.ToElement(new { back = true })), TestContext.Current.CancellationToken);
        (await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "echoed")).Data!.Value.GetProperty("back").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_restart_that_finds_no_vite_package_is_not_retried_and_says_how_to_install_it()
    {
        await using var transport = FakeHost(o => o.MaxRestartAttempts = 5);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        File.WriteAllText(_startFile, "2");

        await ExitAsync(transport, 1);

        var reason = (await _handler.WaitForDisconnectionAsync(count: 2)).ShouldBeOfType<TransportException>();
        TestContext.Current.TestOutputHelper?.WriteLine(reason.Message);
        reason.Message.ShouldContain("exited unexpectedly with code 1, and the stdio transport stopped restarting it");
        reason.Message.ShouldContain($"the \"vite\" package is not installed in {_app.Root}");
        reason.Message.ShouldContain($"cd {_app.Root} && npm install --save-dev vite@8");
        reason.Message.ShouldContain("fake host cannot start: exiting with code 2");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        StartedPids().Count.ShouldBe(2);
    }

    [Fact]
    public async Task With_AutoRestart_off_the_host_stays_down()
    {
        await using var transport = FakeHost(o => o.AutoRestart = false);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);

        await ExitAsync(transport, 3);

        var reason = (await _handler.WaitForDisconnectionAsync()).ShouldBeOfType<TransportException>();
        reason.Message.ShouldContain("exited unexpectedly with code 3 (StdioTransportOptions.AutoRestart is off, so it is not restarted)");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        StartedPids().ShouldHaveSingleItem();
        _handler.Reconnections.ShouldBe(0);
        _handler.Disconnections.ShouldHaveSingleItem();
        _builder.Logs.Entries.ShouldNotContain(e => e.Message.StartsWith("Restarting", StringComparison.Ordinal));
        transport.DisplayName.ShouldEndWith("(the Vite host exited; AutoRestart is off)");
    }

    [Fact]
    public async Task Disposing_during_the_restart_delay_cancels_the_restart()
    {
        var transport = FakeHost(o =>
        {
            o.RestartDelay = TimeSpan.FromSeconds(30);
            o.MaxRestartDelay = TimeSpan.FromSeconds(30);
            o.RestartJitter = 0;
        });
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await ExitAsync(transport, 3);
        await _handler.WaitForDisconnectionAsync();
        await _handler.WaitUntilAsync(() => _builder.Logs.Entries.Any(e => e.Message.StartsWith("Restarting the Vite stdio host in", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the restart to be scheduled");

        var clock = Stopwatch.StartNew();
        await transport.DisposeAsync();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        StartedPids().ShouldHaveSingleItem();
        _handler.Disconnections.ShouldHaveSingleItem();
        _handler.Reconnections.ShouldBe(0);
    }

    [Fact]
    public async Task Disposing_while_a_new_host_is_starting_kills_it()
    {
        var transport = FakeHost(o => o.StartTimeout = TimeSpan.FromSeconds(60));
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        File.WriteAllText(_startFile, "hang");
        await ExitAsync(transport, 3);
        await _handler.WaitUntilAsync(() => _builder.Logs.Entries.Any(e => e.Message == "vite: fake host hangs before it is ready"), TimeSpan.FromSeconds(10), "the new host to start and hang");
        var starting = StartedPids()[^1];
        IsRunning(starting).ShouldBeTrue();

        var clock = Stopwatch.StartNew();
        await transport.DisposeAsync();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "disposing must not wait for the StartTimeout");
        IsRunning(starting).ShouldBeFalse($"node pid {starting} should be gone after the transport is disposed");
        StartedPids().Count.ShouldBe(2);
        _handler.Reconnections.ShouldBe(0);
        _handler.Disconnections.ShouldHaveSingleItem();
    }
}
