using System.Diagnostics;
using Runner.Extensible.EndToEnd.Tests.Support;
using Runner.Extensible.Scripting;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests;

/// <summary>
/// A network transport (WebSocket, HTTP) when its Vite server goes away: killed and started again, restarted in place,
/// or killed while an import waits for it. Each test owns its server (on its own app copy), because it kills it.
/// </summary>
public abstract class ServerFailureTests : IAsyncLifetime
{
    private readonly string _token = "e2e-" + Guid.NewGuid().ToString("N");
    private readonly List<ViteServer> _servers = [];
    private ViteApp _app = null!;

    /// <summary>Connects the runner to <paramref name="server"/> the way an application would.</summary>
    internal abstract void UseTransport(IModuleRunnerBuilder runner, ViteServer server, string token);

    public ValueTask InitializeAsync()
    {
        _app = EndToEndApp.Create();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        _app.Dispose();
    }

    [Fact]
    public async Task After_the_server_is_killed_and_started_again_the_runner_reconnects_and_the_next_import_works()
    {
        var port = ViteServer.FreePort();
        var server = await StartServerAsync(port);
        await using var scope = RunnerScope.Create(_app, runner => UseTransport(runner, server, _token));
        await scope.ImportHmrEntryAsync();
        (await scope.ImportAsync("/src/main.ts")).Get<double>("sum").ShouldBe(3);

        await KillAsync(server);
        var lost = await scope.Transport.WaitForEventAsync<ConnectionLost>(1, "the transport to report the lost connection");
        lost.Reason.ShouldNotBeNull();
        // While the server is away, an import fails at once and says why.
        var whileDown = await Should.ThrowAsync<Exception>(() => scope.ImportAsync("/src/math.ts"));
        whileDown.Message.ShouldContain("not connected");

        await StartServerAsync(port);
        await scope.Transport.WaitForEventAsync<ConnectionBack>(1, "the transport to reconnect to the new server", TimeSpan.FromSeconds(30));
        await scope.HotUpdatesResumeByThemselvesAsync();

        var math = await scope.ImportAsync("/src/math.ts");
        (await math.InvokeAsync<double>("add", 2, 5)).ShouldBe(7);
        (await scope.ImportAsync("/src/main.ts")).Get<double>("product").ShouldBe(12);
    }

    [Fact]
    public async Task After_Vite_restarts_in_place_the_runner_reconnects_and_the_next_import_works()
    {
        var server = await StartServerAsync();
        await using var scope = RunnerScope.Create(_app, runner => UseTransport(runner, server, _token));
        await scope.ImportHmrEntryAsync();
        (await scope.ImportAsync("/src/main.ts")).Get<double>("sum").ShouldBe(3);

        // What a config change does: server.restart(); the plugin ends its connections (WebSocket close 1012, the
        // end of the event stream) and serves again on the same URL.
        await server.RestartAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await scope.Transport.WaitForEventAsync<ConnectionLost>(1, "the transport to report the restart");
        await scope.Transport.WaitForEventAsync<ConnectionBack>(1, "the transport to reconnect after the restart", TimeSpan.FromSeconds(30));
        await scope.HotUpdatesResumeByThemselvesAsync();

        (await scope.ImportAsync("/src/dyn/lazy.ts")).Get<string>("lazy").ShouldBe("lazy (relative literal)");
        (await scope.ImportAsync("/src/main.ts")).Get<double>("product").ShouldBe(12);
    }

    [Fact]
    public async Task A_server_that_dies_mid_import_fails_the_import_at_once_naming_the_method_and_the_url()
    {
        var server = await StartServerAsync();
        await using var scope = RunnerScope.Create(_app, runner => UseTransport(runner, server, _token));
        await scope.ImportAsync("/src/math.ts");

        var import = scope.Runner.ImportAsync("virtual:e2e-slow", TestContext.Current.CancellationToken);
        await scope.Transport.WaitForCustomAsync("e2e:slow-load-started");
        var clock = Stopwatch.StartNew();
        await KillAsync(server);

        var failure = await Should.ThrowAsync<Exception>(() => import.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine($"failed {clock.ElapsedMilliseconds} ms after the kill: {failure.GetType().Name}: {failure.Message}");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the import must fail when the connection drops, not after the 60 s invoke timeout");
        failure.ShouldNotBeOfType<TimeoutException>();
        failure.Message.ShouldContain("fetchModule");
        failure.Message.ShouldContain("virtual:e2e-slow");
    }

    private async Task<ViteServer> StartServerAsync(int port = 0)
    {
        var server = await ViteServer.StartAsync(_app.Root, _token, port);
        _servers.Add(server);
        return server;
    }

    private static Task KillAsync(ViteServer server) => server.KillAsync().WaitAsync(TimeSpan.FromSeconds(10));
}
