using System.Text.RegularExpressions;
using Runner.Extensible.Samples.Tests.Support;

namespace Runner.Extensible.Samples.Tests.Ssr;

/// <summary>
/// The SSR sample end to end, in headless Chromium: server-rendered HTML, hydration, and a component edit that the
/// next page shows while the same .NET process keeps running.
/// </summary>
public sealed partial class SsrHotReloadTests
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);
    private const string Greeting = "document.getElementById('greeting')?.textContent ?? ''";
    private const string Hydrated = "document.documentElement.dataset.hydrated ?? 'no'";
    private const string Counter = "document.getElementById('counter')?.textContent ?? ''";
    private const string ServerPid = "document.getElementById('server-info')?.dataset.pid ?? ''";
    private const string StartToken = "document.getElementById('server-info')?.dataset.start ?? ''";

    [Fact]
    public async Task The_page_is_server_rendered_hydrates_and_shows_a_component_edit_from_the_same_process()
    {
        await using var app = await SampleApp.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };

        // The server's own HTML: the components rendered in V8, before any browser JavaScript.
        var html = await http.GetStringAsync("/", TestContext.Current.CancellationToken);
        html.ShouldContain("<div id=\"app\"><main><h1 id=\"greeting\">Hello, Preact rendered by .NET!</h1>", customMessage: app.Output);
        html.ShouldContain("<button id=\"counter\" type=\"button\">Clicked 0 times</button>");
        var (pid, startToken) = ServerInfo(html);
        pid.ShouldBe(app.ProcessId);

        await using var chromium = await HeadlessChromium.StartAsync();
        await using var page = await chromium.OpenPageAsync();

        // With scripts off the browser shows exactly what the server sent.
        await page.SendAsync("Emulation.setScriptExecutionDisabled", new { value = true });
        await page.NavigateAsync(app.Address);
        (await page.WaitForAsync(Greeting, "Hello, Preact rendered by .NET!", PageTimeout)).ShouldBe("Hello, Preact rendered by .NET!", app.Output);
        await page.SendAsync("Emulation.setScriptExecutionDisabled", new { value = false });
        // (Evaluate runs even when page scripts are disabled; the page itself ran none.)
        (await page.EvaluateAsync(Hydrated)).GetString().ShouldBe("no");

        // With scripts on, Vite serves the client bundle and Preact hydrates the server's HTML: the button works.
        await page.NavigateAsync(app.Address);
        (await page.WaitForAsync(Hydrated, "true", PageTimeout)).ShouldBe("true", app.Output);
        await page.EvaluateAsync("document.getElementById('counter').click()");
        (await page.WaitForAsync(Counter, "Clicked 1 time", PageTimeout)).ShouldBe("Clicked 1 time");

        // Edit the server-rendered component in the app's copy; the next response renders it. The browser leaves the
        // page first: Vite's client would reload it on its own, racing the test's navigation.
        await page.NavigateAsync(new Uri("about:blank"));
        var edited = await EditUntilServedAsync(app, http);
        var (pidAfter, tokenAfter) = ServerInfo(edited);
        pidAfter.ShouldBe(pid);
        tokenAfter.ShouldBe(startToken);

        await page.NavigateAsync(app.Address);
        (await page.WaitForAsync(Greeting, "Howdy, Preact rendered by .NET!", PageTimeout)).ShouldBe("Howdy, Preact rendered by .NET!", app.Output);
        (await page.WaitForAsync(Hydrated, "true", PageTimeout)).ShouldBe("true", app.Output);
        (await page.EvaluateAsync(ServerPid)).GetString().ShouldBe(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await page.EvaluateAsync(StartToken)).GetString().ShouldBe(startToken);
        await page.EvaluateAsync("document.getElementById('counter').click()");
        (await page.WaitForAsync(Counter, "Clicked 1 time", PageTimeout)).ShouldBe("Clicked 1 time");

        // The same .NET process all along.
        app.IsRunning.ShouldBeTrue(app.Output);
        app.Output.ShouldContain("[vite] program reload");
    }

    /// <summary>
    /// Saves the edit and polls the page until the server renders it; saves again (with a new trailing comment) if Vite's
    /// watcher, still scanning the fresh copy, missed the first save.
    /// </summary>
    private static async Task<string> EditUntilServedAsync(SampleApp app, HttpClient http)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            app.Edit("src/Greeting.tsx", "Hello, {name}!", "Howdy, {name}!", $"// edit {attempt}\n");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (DateTime.UtcNow < deadline)
            {
                var html = await http.GetStringAsync("/", TestContext.Current.CancellationToken);
                if (html.Contains("Howdy, Preact rendered by .NET!", StringComparison.Ordinal)) return html;
                await Task.Delay(200);
            }
            // Put the original text back so the next attempt's edit is a change again.
            app.Edit("src/Greeting.tsx", "Howdy, {name}!", "Hello, {name}!");
        }
        throw new ShouldAssertException("The server never rendered the edited Greeting.tsx:\n" + app.Output);
    }

    private static (int Pid, string StartToken) ServerInfo(string html)
    {
        var match = ServerInfoPattern().Match(html);
        match.Success.ShouldBeTrue(html);
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value);
    }

    [GeneratedRegex("id=\"server-info\" data-pid=\"(\\d+)\" data-start=\"([0-9a-f]+)\"")]
    private static partial Regex ServerInfoPattern();
}
