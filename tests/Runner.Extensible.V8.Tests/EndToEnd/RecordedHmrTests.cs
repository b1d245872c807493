using System.Text.Json;
using System.Text.Json.Nodes;
using Runner.Extensible.Tests.Support;
using Runner.Extensible.V8.Tests.Engine;

namespace Runner.Extensible.V8.Tests.EndToEnd;

/// <summary>
/// Replays Vite 8.3.8's HMR recordings against the core runner with V8 running the fixture's real
/// transformed code: what the modules log (evaluation, dispose, hot.data, accept, prune, custom events),
/// what the HMR logger prints and what the runner sends back must match what Vite's own runner did.
/// </summary>
public sealed class RecordedHmrTests
{
    public static TheoryData<string> Scenarios =>
    [
        "hmr-self-accept",
        "hmr-accept-child",
        "hmr-full-reload",
        "hmr-prune",
        "hmr-invalidate",
        "hmr-custom-events",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task V8_modules_do_under_our_runner_what_they_did_under_Vites(string name)
    {
        var scenario = RecordedFixtures.Load(name + ".json");
        var expectedLog = Strings(scenario.GetProperty("fixtureLogBeforeAction")).Concat(Strings(scenario.GetProperty("fixtureLogAfterAction"))).ToList();
        var expectedRunnerLog = scenario.GetProperty("runnerLog").EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!)).ToList();
        var server = RecordedFixtures.Server();
        await using var scope = V8RunnerScope.Create(server, hmr: true);
        var runnerPayloadsSoFar = 0;

        foreach (var message in scenario.GetProperty("messages").EnumerateArray())
        {
            if (message.TryGetProperty("kind", out var kind) && kind.GetString() == "action")
            {
                switch (message.GetProperty("action").GetString())
                {
                    case "runner.import":
                        await scope.ImportAsync(message.GetProperty("url").GetString()!);
                        break;
                    case "edit":
                        // The server now answers with the code Vite transformed after the edit.
                        foreach (var exchange in scenario.GetProperty("afterAction").GetProperty("exchanges").EnumerateArray())
                        {
                            if (exchange.GetProperty("response").GetProperty("result").TryGetProperty("code", out var code))
                                server.Edit(exchange.GetProperty("request").GetProperty("data")[0].GetString()!, code.GetString()!);
                        }
                        break;
                }
                continue;
            }
            var payload = message.GetProperty("payload");
            if (IsInvoke(payload)) continue; // the in-memory server answers fetches itself
            if (message.GetProperty("from").GetString() == "runner")
            {
                runnerPayloadsSoFar++;
                continue;
            }
            if (payload.GetProperty("type").GetString() == "connected") continue; // the transport sends it on connect
            // A server payload answers what the runner sent before it, so wait for that first.
            var before = runnerPayloadsSoFar;
            await SafetyTests.WaitUntil(() => scope.Transport.RunnerPayloads.Count >= before, () => $"runner payloads: {string.Join(" ", scope.Transport.RunnerPayloads)}");
            scope.Transport.Push(payload.GetRawText());
        }

        var expectedRunnerPayloads = runnerPayloadsSoFar;
        await SafetyTests.WaitUntil(
            () => scope.FixtureLogAsync().GetAwaiter().GetResult().Count >= expectedLog.Count
                && scope.HmrLog.Entries.Count >= expectedRunnerLog.Count
                && scope.Transport.RunnerPayloads.Count >= expectedRunnerPayloads,
            () => $"fixture log: {string.Join(" | ", scope.FixtureLogAsync().GetAwaiter().GetResult())}; hmr log: {string.Join(" | ", scope.HmrLog.Entries)}");

        (await scope.FixtureLogAsync()).ShouldBe(expectedLog);
        scope.HmrLog.Entries.ShouldBe(expectedRunnerLog);
        var sentAfterAction = scenario.GetProperty("afterAction").GetProperty("runnerPayloads").EnumerateArray().Select(p => JsonNode.Parse(p.GetRawText())).ToList();
        var sent = scope.Transport.RunnerPayloads.Select(p => JsonNode.Parse(p)).ToList();
        sent.Skip(sent.Count - sentAfterAction.Count).Zip(sentAfterAction).ShouldAllBe(pair => JsonNode.DeepEquals(pair.First, pair.Second));
    }

    private static bool IsInvoke(JsonElement payload) =>
        payload.GetProperty("type").GetString() == "custom" && payload.GetProperty("event").GetString() == "vite:invoke";

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);
}
