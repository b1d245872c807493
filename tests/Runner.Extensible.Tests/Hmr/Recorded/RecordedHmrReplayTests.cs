using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr.Recorded;

/// <summary>
/// Replays the HMR traces recorded from Vite 8.3.8's own <c>ModuleRunner</c>: the recorded server payloads go
/// through our <see cref="Extensible.Hmr.HmrClient"/> driving a C# simulation of the fixture modules, and what
/// Vite's runner did must come out again: the logger calls, the payloads sent back, the fetches after the
/// action, and the order of everything the fixture modules logged (evaluation, dispose, data, accept, prune,
/// events).
/// </summary>
public sealed class RecordedHmrReplayTests
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
    public async Task Our_client_reproduces_what_vites_runner_did(string name)
    {
        var scenario = RecordedHmrScenario.Load(name);
        var bed = new HmrTestBed();
        var app = new HmrFixtureApp(bed, scenario.FixtureRoot);
        var sentBeforeAction = 0;
        var fetchesBeforeAction = 0;
        var fixtureLogBeforeAction = 0;

        foreach (var message in scenario.Messages)
        {
            if (RecordedHmrScenario.IsAction(message))
            {
                switch (message.GetProperty("action").GetString())
                {
                    case "runner.import":
                        await bed.Host.ImportAsync(message.GetProperty("url").GetString()!, CancellationToken.None);
                        break;
                    case "edit":
                        app.Edit(message.GetProperty("file").GetString()!);
                        break;
                }
                if (message.GetProperty("action").GetString() != "runner.import")
                {
                    sentBeforeAction = bed.Host.Sent.Count;
                    fetchesBeforeAction = app.Fetches.Count;
                    fixtureLogBeforeAction = app.FixtureLog.Count;
                }
                continue;
            }
            var payload = message.GetProperty("payload");
            if (message.GetProperty("from").GetString() != "server" || RecordedHmrScenario.IsInvoke(payload))
                continue; // what the runner sent is compared below; RPC never reaches the HMR client
            bed.Client.Enqueue(RecordedHmrScenario.Parse(payload));
            await bed.Client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        app.FixtureLog.Take(fixtureLogBeforeAction).ShouldBe(scenario.FixtureLogBeforeAction);
        app.FixtureLog.Skip(fixtureLogBeforeAction).ShouldBe(scenario.FixtureLogAfterAction);
        bed.Logger.LevelsAndMessages.ShouldBe(scenario.RunnerLog);
        bed.Host.SentJson.Skip(sentBeforeAction).ShouldBe(scenario.RunnerPayloadsAfterAction);
        app.Fetches.Skip(fetchesBeforeAction).ShouldBe(scenario.FetchesAfterAction);
    }
}
