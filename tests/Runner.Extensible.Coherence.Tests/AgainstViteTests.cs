using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Coherence.Tests.Support;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Coherence.Tests;

/// <summary>
/// The .NET runner (V8, cache coherence on, over WebSocket or HTTP) next to Vite's own <c>ModuleRunner</c> on one real
/// Vite 8 server: after each of a seeded series of file edits, importing the entry again must observe exactly what
/// Vite's runner observes: the same module versions, the same module instances re-evaluated, the same bindings. Over
/// HTTP notices travel on the event stream and answers on their own requests, so rule 4 (wait for the notices an
/// answer names) is what keeps the runner from trusting a copy the server already invalidated.
/// </summary>
public sealed class AgainstViteTests
{
    private const string Entry = "/src/m0.ts";
    private const int Rounds = 14;

    /// <summary>The edit series; set RX_COHERENCE_SEED to replay another one.</summary>
    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("RX_COHERENCE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 20261120;

    [Theory]
    [InlineData("websocket")]
    [InlineData("http")]
    public async Task After_every_edit_importing_again_observes_what_Vites_own_runner_observes(string transport)
    {
        var seed = Seed();
        var random = new Random(seed);
        using var app = GeneratedApp.Create(random, moduleCount: 24);
        await using var server = await CoherenceViteServer.StartAsync(app.Root);
        var counter = new InvokeCounter();
        var services = new ServiceCollection().AddLogging();
        services.AddModuleRunner(b =>
        {
            b.UseV8().DisableHmr().AddInvokeStep(_ => counter);
            if (transport == "http") b.UseHttp(server.HttpUrl, server.Token);
            else b.UseWebSocket(server.WebSocketUrl, server.Token);
        });
        await using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<IModuleRunner>();
        var syncs = 0;
        var history = new List<string>();

        async Task<string> CompareAsync(string when)
        {
            // Vite's runner first: it asks the server on every import, so it sees every change the server made.
            // (Had ours fetched first, Vite's {cache:true} could hide a re-transformed module from it.)
            var expected = (await server.ViteImportAsync(Entry, "snapshot")).GetString()!;
            // A round trip on our connection: every notice the server sent before it has now been applied. Without it
            // the import below could race the notice of the last edit, the window Vite's own protocol has too.
            await runner.ImportAsync($"virtual:sync-{++syncs}", TestContext.Current.CancellationToken);
            var exports = await runner.ImportAsync(Entry, TestContext.Current.CancellationToken);
            var actual = await exports.InvokeAsync<string>("snapshot");
            actual.ShouldBe(expected, $"{transport}, seed {seed}, {when}; edits so far: {string.Join("; ", history)}");
            return expected;
        }

        var previous = await CompareAsync("first import");
        await EditAndWaitAsync(server, () => app.Touch("util"), history, "the watcher to see the first edit");
        previous = await CompareAsync("after warming up the watcher");

        for (var round = 1; round <= Rounds; round++)
        {
            var edits = 1 + random.Next(2);
            for (var e = 0; e < edits; e++)
                await EditAndWaitAsync(server, () => app.Edit(random), history, $"Vite to process edit {history.Count + 1}");
            var observed = await CompareAsync($"round {round}");
            // Not vacuous: every edit invalidates the entry too (no module accepts updates), so Vite re-evaluated it.
            observed.ShouldNotBe(previous, $"seed {seed}, round {round}: Vite's runner saw no change");
            previous = observed;
        }

        counter["fetchModule"].ShouldBe(0, "the server offers the extension, so every fetch should use it");
        // A batch or two per round besides the sync imports (over HTTP one more when a lagging notice is not waited out).
        counter["runnerExtensible:fetchModules"].ShouldBeLessThanOrEqualTo(3 * syncs + 2);
    }

    [Fact]
    public async Task Warm_re_execution_runs_held_code_again_without_fetching_and_refetches_what_an_edit_invalidated()
    {
        var random = new Random(Seed());
        using var app = GeneratedApp.Create(random, moduleCount: 12);
        await using var server = await CoherenceViteServer.StartAsync(app.Root);
        var counter = new InvokeCounter();
        var services = new ServiceCollection().AddLogging();
        services.AddModuleRunner(b => b.UseV8().UseWebSocket(server.WebSocketUrl, server.Token).DisableHmr().AddInvokeStep(_ => counter));
        await using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<IModuleRunner>();

        var first = await runner.ImportAsync(Entry, TestContext.Current.CancellationToken);
        var firstSnapshot = (await first.InvokeAsync<string>("snapshot"))!;
        var calls = counter["runnerExtensible:fetchModules"];

        runner.ClearCache();
        var second = await runner.ImportAsync(Entry, TestContext.Current.CancellationToken);

        counter["runnerExtensible:fetchModules"].ShouldBe(calls, "warm re-execution needs no round trip");
        var secondSnapshot = (await second.InvokeAsync<string>("snapshot"))!;
        secondSnapshot.ShouldNotBe(firstSnapshot, "every module is evaluated again (new instance numbers)");
        secondSnapshot.Replace("\"i\":2", "\"i\":1", StringComparison.Ordinal).ShouldBe(firstSnapshot);

        // util changes: Vite invalidates it and (softly) every module importing it, so every held module is stale.
        var history = new List<string>();
        await EditAndWaitAsync(server, () => $"util v{app.Bump("util")}", history, "the watcher to see the edit");
        await runner.ImportAsync("virtual:sync-1", TestContext.Current.CancellationToken);
        runner.ClearCache();
        var third = await runner.ImportAsync(Entry, TestContext.Current.CancellationToken);

        // The round trip that applied the notices also brought back what they named; re-executing needs no other.
        counter["runnerExtensible:fetchModules"].ShouldBe(calls + 1);
        var thirdSnapshot = (await third.InvokeAsync<string>("snapshot"))!;
        thirdSnapshot.ShouldStartWith("""{"v":1,"i":3,"d":{"util":{"v":2,"i":3""");
        thirdSnapshot.ShouldNotContain("\"i\":2");
        counter["fetchModule"].ShouldBe(0);
    }

    /// <summary>
    /// Makes an edit and waits until Vite has processed it (the environment sent its update or full reload). Vite's
    /// watcher may still be scanning a fresh folder and miss the very first change, so an edit that goes unnoticed is
    /// made again.
    /// </summary>
    private static async Task EditAndWaitAsync(CoherenceViteServer server, Func<string> edit, List<string> history, string what)
    {
        server.DrainHmr();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            history.Add(edit());
            if (await server.NextHmrAsync(TimeSpan.FromSeconds(3)) is not null)
            {
                // Let a possible second event of the same save arrive, then forget it. The pause also keeps the next
                // edit out of the 50 ms in which Vite's watcher (chokidar) drops further changes of a file.
                await Task.Delay(100, TestContext.Current.CancellationToken);
                server.DrainHmr();
                return;
            }
        }
        throw new TimeoutException($"Timed out waiting for {what}. Server output:\n{server.Stderr}");
    }
}
