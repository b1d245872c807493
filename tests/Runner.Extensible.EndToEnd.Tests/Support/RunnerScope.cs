using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// One module runner wired as an application wires it: <c>services.AddModuleRunner(b =&gt; b.UseV8().Use…(…))</c>,
/// resolved as <see cref="IModuleRunner"/> from the container and disposed with it. The transport is observed
/// (<see cref="Transport"/>), what the fixture modules log arrives in .NET (<see cref="FixtureLog"/>), and logs are
/// captured (<see cref="Logs"/>).
/// </summary>
internal sealed class RunnerScope : IAsyncDisposable
{
    public const string HmrEntry = "/src/hmr/main.ts";
    public const string BridgeModule = "/src/e2e/bridge.ts";

    /// <summary>What <c>src/hmr/events.ts</c> logs when the server answers the "x:hello" it sends while it evaluates.</summary>
    public const string HelloReply = """events:hello-reply:{"echoed":{"from":"events.ts"},"environment":"dotnet"}""";

    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _services;
    private bool _disposed;

    private RunnerScope(ViteApp app, Action<IModuleRunnerBuilder> useTransport)
    {
        App = app;
        var changes = new ChangeSignal();
        Transport = new TransportLog(changes);
        Logs = new LogCapture(changes);
        FixtureLog = new FixtureLog(Transport, changes);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        services.AddModuleRunner(runner =>
        {
            runner.UseV8(o => o.WorkingDirectory = app.Root);
            useTransport(runner);
            runner.ObserveTransport(Transport);
        });
        _services = services.BuildServiceProvider();
        Runner = _services.GetRequiredService<IModuleRunner>();
    }

    public ViteApp App { get; }

    public IModuleRunner Runner { get; }

    public TransportLog Transport { get; }

    public FixtureLog FixtureLog { get; }

    public LogCapture Logs { get; }

    /// <summary>A runner on <paramref name="app"/> whose transport <paramref name="useTransport"/> configures.</summary>
    public static RunnerScope Create(ViteApp app, Action<IModuleRunnerBuilder> useTransport) => new(app, useTransport);

    /// <summary>Imports <paramref name="url"/>, failing the test with the transport's history if it takes too long.</summary>
    public async Task<IScriptObject> ImportAsync(string url)
    {
        try
        {
            return await Runner.ImportAsync(url, TestContext.Current.CancellationToken).WaitAsync(ImportTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Importing {url} took more than {ImportTimeout.TotalSeconds:0} s. {FixtureLog.Describe()}", ex);
        }
    }

    /// <summary>
    /// Routes the fixture modules' log into <see cref="FixtureLog"/>, waits until the server's file watcher is ready
    /// (an edit before that is never reported) and imports the HMR fixture's entry <c>/src/hmr/main.ts</c>.
    /// </summary>
    public async Task<IScriptObject> ImportHmrEntryAsync()
    {
        var bridge = await ImportAsync(BridgeModule);
        await bridge.GetFunction("forwardFixtureLog").InvokeAsync(new Action<string>(FixtureLog.Push));
        await WhenWatcherReadyAsync();
        var entry = await ImportAsync(HmrEntry);
        // events.ts says "x:hello" while it evaluates; with the server's answer in, the import has settled.
        await FixtureLog.WaitForAsync(HelloReply);
        return entry;
    }

    /// <summary>Waits until the server's file watcher has scanned the app (the app config answers "e2e:watcher-ready?").</summary>
    public async Task WhenWatcherReadyAsync()
    {
        var bridge = await ImportAsync(BridgeModule);
        (await bridge.GetFunction("whenWatcherReady").InvokeAsync().WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe("dotnet");
    }

    /// <summary>
    /// Edits the self-accepting <c>src/hmr/self.ts</c> (<paramref name="from"/> → <paramref name="to"/>) and waits for its
    /// accept callback; returns the updates that had arrived since the edit when the callback ran.
    /// </summary>
    public async Task<IReadOnlyList<UpdatePayload>> EditSelfAcceptingModuleAsync(string from, string to)
    {
        var before = Edit("src/hmr/self.ts", ($"'{from}'", $"'{to}'"));
        var accepted = await FixtureLog.WaitForAsync($"self:accept:{to}");
        return Transport.ReceivedBetween(before.TransportEvents, accepted.TransportEventsBefore).OfType<UpdatePayload>().ToList();
    }

    /// <summary>
    /// After the server restarted: it knows none of the modules the runner held, so the runner's check after the
    /// reconnect (or the all:true notice) reloads the entry points by itself (the HMR entry runs a second time, with no
    /// import from the test); after that an edit reaches the module's accept callback again.
    /// </summary>
    public async Task HotUpdatesResumeByThemselvesAsync()
    {
        await FixtureLog.WaitForAsync("main:evaluated", times: 2, TimeSpan.FromSeconds(30));
        await Logs.WaitForAsync("reloading the entry points so that HMR resumes", TimeSpan.FromSeconds(10));
        await WhenWatcherReadyAsync();
        (await EditSelfAcceptingModuleAsync("self v1", "self v2")).ShouldHaveSingleItem(FixtureLog.Describe());
    }

    /// <summary>
    /// Applies <paramref name="replacements"/> (search, replacement) to <paramref name="relativeFile"/> of the app copy
    /// and saves it once, as an editor does; returns where the transport and fixture logs stood before the save.
    /// </summary>
    public EditMark Edit(string relativeFile, params (string Search, string Replacement)[] replacements)
    {
        var text = File.ReadAllText(Path.Combine(App.Root, relativeFile));
        foreach (var (search, replacement) in replacements)
        {
            text.ShouldContain(search, customMessage: $"{relativeFile} should contain the text to replace");
            text = text.Replace(search, replacement, StringComparison.Ordinal);
        }
        var mark = new EditMark(Transport.Count, FixtureLog.Entries.Count);
        App.Write(relativeFile, text);
        return mark;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        var disposing = _services.DisposeAsync().AsTask();
        if (await Task.WhenAny(disposing, Task.Delay(DisposeTimeout)) != disposing)
            throw new TimeoutException($"Disposing the runner (and so its transport) took more than {DisposeTimeout.TotalSeconds:0} s.");
        await disposing;
    }
}

/// <summary>Where the transport log and the fixture log stood before an edit.</summary>
internal readonly record struct EditMark(int TransportEvents, int LogEntries);
