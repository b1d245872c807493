using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.Transports.Tests.Stdio;

/// <summary>The stdio transport's child process: starting it or explaining why not, ending it, and losing it.</summary>
public sealed class StdioProcessTests : IAsyncLifetime
{
    private const string SlowConfig = "vite.transport-tests.config.ts";
    private readonly TestRunnerBuilder _builder = new();
    private readonly RecordingHandler _handler = new();
    private readonly List<string> _temporary = [];
    private ViteApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = ViteApp.Create();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _builder.DisposeAsync();
        _app.Dispose();
        foreach (var directory in _temporary) Directory.Delete(directory, recursive: true);
    }

    /// <summary>The pid the transport logged when it started the child.</summary>
    private int StartedPid() =>
        (int)_builder.Logs.Entries.Last(e => e.Message.StartsWith("Started the Vite stdio host", StringComparison.Ordinal)).Values["Pid"]!;

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    private IDuplexTransport FakeHost(Action<StdioTransportOptions>? configure = null) =>
        _builder.UseStdio(o =>
        {
            o.Root = _app.Root;
            o.HostScript = RepoPaths.FakeStdioHost;
            o.MaxInboundMessageBytes = 4096;
            configure?.Invoke(o);
        }).CreateTransport<IDuplexTransport>();

    [Fact]
    public async Task Disposing_the_transport_ends_the_child()
    {
        var transport = _builder.UseStdio(_app.Root).CreateTransport<IDuplexTransport>();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        var pid = StartedPid();
        IsRunning(pid).ShouldBeTrue();

        await transport.DisposeAsync();

        IsRunning(pid).ShouldBeFalse($"node pid {pid} should be gone after the transport is disposed");
        _builder.Logs.Entries.ShouldContain(e => e.Message == $"The Vite stdio host (pid {pid}) stopped");
        _handler.Disconnections.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_child_that_ignores_its_closed_stdin_is_killed_after_the_shutdown_timeout()
    {
        var transport = FakeHost(o =>
        {
            o.EnvironmentVariables["FAKE_HOST_IGNORE_EOF"] = "1";
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(300);
        });
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        var pid = StartedPid();

        var clock = Stopwatch.StartNew();
        await transport.DisposeAsync();

        IsRunning(pid).ShouldBeFalse();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        _builder.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains($"(pid {pid}) did not exit within") && e.Message.Contains("killing its process tree"));
    }

    [Fact]
    public async Task The_childs_stderr_is_logged_line_by_line()
    {
        await using var transport = FakeHost();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "after-garbage");

        await _handler.WaitUntilAsync(() => _builder.Logs.Entries.Any(e => e.Message.StartsWith("vite: fake host starting with", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the stderr line in the log");
        var line = _builder.Logs.Entries.First(e => e.Message.StartsWith("vite: fake host starting with", StringComparison.Ordinal));
        line.Message.ShouldContain("\"--root\"");
        line.Message.ShouldContain(_app.Root);
    }

    [Fact]
    public async Task Malformed_and_oversized_lines_are_logged_and_dropped_and_the_connection_stays_up()
    {
        await using var transport = FakeHost();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "after-garbage");

        _handler.Messages.Select(ProtocolJson.Serialize).ShouldBe([
            """{"type":"connected"}""",
            """{"type":"custom","event":"after-garbage"}""",
        ]);
        var warnings = _builder.Logs.AtLeast(LogLevel.Warning).Select(e => e.Message).ToList();
        warnings.Count(w => w.StartsWith("Dropped a malformed line", StringComparison.Ordinal)).ShouldBe(3, string.Join("\n", warnings));
        warnings.ShouldContain(w => w.StartsWith("Dropped a line of 20041 bytes", StringComparison.Ordinal));

        await transport.SendAsync(new CustomPayload("x:echo", ProtocolJson.ToElement(new { still = "here" })), TestContext.Current.CancellationToken);
        var echoed = await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "echoed");
        echoed.Data!.Value.GetProperty("still").GetString().ShouldBe("here");
        _handler.Disconnections.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_child_that_exits_unexpectedly_is_reported_with_its_exit_code_and_last_stderr_lines()
    {
        await using var transport = FakeHost(o => o.AutoRestart = false);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);

        await transport.SendAsync(new CustomPayload("x:exit", ProtocolJson.ToElement(new { code = 3 })), TestContext.Current.CancellationToken);

        var reason = (await _handler.WaitForDisconnectionAsync()).ShouldBeOfType<TransportException>();
        TestContext.Current.TestOutputHelper?.WriteLine(reason.Message);
        reason.Message.ShouldContain("exited unexpectedly with code 3");
        reason.Message.ShouldContain("fatal: fake host gives up");
        reason.Message.ShouldContain("exiting with code 3");
        await Should.ThrowAsync<TransportException>(() => transport.SendAsync(new CustomPayload("x:echo"), TestContext.Current.CancellationToken).AsTask());

        // With AutoRestart off, connecting again starts a new child.
        var firstPid = StartedPid();
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        StartedPid().ShouldNotBe(firstPid);
        await transport.SendAsync(new CustomPayload("x:echo", ProtocolJson.ToElement(new { again = true })), TestContext.Current.CancellationToken);
        (await _handler.WaitForMessageAsync<CustomPayload>(p => p.Event == "echoed")).Data!.Value.GetProperty("again").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task The_child_dying_mid_invoke_is_reported_at_once_then_restarted_and_fetchModule_works_again()
    {
        _app.Write(SlowConfig, """
            import base from './vite.config.ts';

            // The fixture's config plus a module that takes two minutes to load.
            export default {
              ...base,
              plugins: [
                ...base.plugins,
                {
                  name: 'transport-tests-slow-module',
                  resolveId: (id: string) => (id === 'virtual:slow' ? '\0virtual:slow' : undefined),
                  load: async (id: string) => {
                    if (id !== '\0virtual:slow') return undefined;
                    await new Promise((resolve) => setTimeout(resolve, 120_000));
                    return 'export default "slow"';
                  },
                },
              ],
            };
            """);
        await using var transport = _builder.UseStdio(o =>
        {
            o.Root = _app.Root;
            o.ConfigFile = SlowConfig;
        }).CreateTransport<IDuplexTransport>();
        var invoker = new MessageInvoker(transport, _handler);
        await transport.ConnectAsync(_handler, TestContext.Current.CancellationToken);
        var pid = StartedPid();

        var call = invoker.InvokeAsync("fetchModule", "virtual:slow", null, new { cached = false });
        await Task.Delay(300, TestContext.Current.CancellationToken);
        call.IsCompleted.ShouldBeFalse();
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(pid).Kill();

        var reason = await _handler.WaitForDisconnectionAsync(timeout: TimeSpan.FromSeconds(5));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        reason.ShouldNotBeNull().Message.ShouldContain($"(node pid {pid}) exited unexpectedly with code 137");
        (await Should.ThrowAsync<TransportException>(call)).Message.ShouldContain("fetchModule");

        // A new Vite host starts by itself, and the same transport serves calls again.
        await _handler.WaitForReconnectionAsync(timeout: TimeSpan.FromSeconds(30));
        StartedPid().ShouldNotBe(pid);
        var module = ProtocolJson.ParseFetchResult(await invoker.ResultOfAsync("fetchModule", "/src/math.ts", null, new { cached = false }))
            .ShouldBeOfType<InlinedFetchResult>();
        module.Code.ShouldNotBeNull().ShouldContain("__vite_ssr_exportName__");
        _handler.Disconnections.ShouldHaveSingleItem();
        _handler.OverlapSeen.ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_vite_package_says_how_to_install_it()
    {
        // The shipped host resolves vite from the root, then from its own folder: copy it away from this repository's node_modules.
        var outside = Path.Combine(Path.GetTempPath(), "rx-no-vite-" + Guid.NewGuid().ToString("N")[..12]);
        _temporary.Add(outside);
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "vite-plugin"), Path.Combine(outside, "vite-plugin"));
        var emptyRoot = Directory.CreateDirectory(Path.Combine(outside, "project")).FullName;
        await using var transport = _builder.UseStdio(o =>
        {
            o.Root = emptyRoot;
            o.HostScript = Path.Combine(outside, "vite-plugin", "bin", "stdio-host.js");
        }).CreateTransport<IDuplexTransport>();

        var failure = await Should.ThrowAsync<TransportException>(() => transport.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        failure.Message.ShouldContain($"the \"vite\" package is not installed in {emptyRoot}");
        failure.Message.ShouldContain($"cd {emptyRoot} && npm install --save-dev vite@8");
        failure.Message.ShouldContain("cannot find the \"vite\" package");
    }

    [Fact]
    public async Task A_missing_node_says_how_to_install_it()
    {
        await using var byName = _builder.UseStdio(o =>
        {
            o.Root = _app.Root;
            o.EnvironmentVariables["PATH"] = "/nonexistent-bin";
        }).CreateTransport<IDuplexTransport>();

        var failure = await Should.ThrowAsync<TransportException>(() => byName.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        failure.Message.ShouldContain("\"node\" is not on PATH (/nonexistent-bin)");
        failure.Message.ShouldContain("Install Node.js 20.19 or later");
        failure.Message.ShouldContain("StdioTransportOptions.NodePath");
    }

    [Fact]
    public async Task A_node_path_that_does_not_exist_is_reported_the_same_way()
    {
        await using var transport = _builder.UseStdio(o =>
        {
            o.Root = _app.Root;
            o.NodePath = "/opt/no-such-node/bin/node";
        }).CreateTransport<IDuplexTransport>();

        var failure = await Should.ThrowAsync<TransportException>(() => transport.ConnectAsync(_handler, TestContext.Current.CancellationToken).AsTask());

        failure.Message.ShouldContain("/opt/no-such-node/bin/node does not exist");
        failure.Message.ShouldContain("Install Node.js");
    }

    [Fact]
    public void Options_that_cannot_work_fail_when_the_runner_is_created()
    {
        _builder.UseStdio(o =>
        {
            o.Root = Path.Combine(_app.Root, "no-such-dir");
            o.HostScript = "/no/such/host.js";
            o.LogLevel = "loud";
            o.StartTimeout = TimeSpan.Zero;
            o.MaxRestartAttempts = 0;
            o.MaxRestartDelay = TimeSpan.FromMilliseconds(100);
        });

        var invalid = Should.Throw<OptionsValidationException>(() => _builder.CreateTransport<IDuplexTransport>());

        invalid.Failures.ShouldContain(f => f.Contains("StdioTransportOptions.Root") && f.Contains("no-such-dir"));
        invalid.Failures.ShouldContain(f => f.Contains("StdioTransportOptions.HostScript \"/no/such/host.js\" does not exist"));
        invalid.Failures.ShouldContain(f => f.Contains("StdioTransportOptions.LogLevel must be one of info, warn, error, silent"));
        invalid.Failures.ShouldContain(f => f.Contains("StdioTransportOptions.StartTimeout must be positive"));
        invalid.Failures.ShouldContain(f => f.Contains("StdioTransportOptions.MaxRestartAttempts must be at least 1") && f.Contains("AutoRestart = false"));
        invalid.Failures.ShouldContain(f => f.Contains("StdioTransportOptions.MaxRestartDelay (00:00:00.1000000) must not be smaller than RestartDelay"));
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(source)) CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
    }
}
