namespace Runner.Extensible.EndToEnd.Tests.Support;

/// <summary>
/// One entry a fixture module pushed onto <c>globalThis.__rxFixtureLog</c>, and how many transport events the runner
/// had seen at that moment (a mark into <see cref="TransportLog.Events"/>).
/// </summary>
internal sealed record FixtureLogEntry(string Text, int TransportEventsBefore, int ManagedThreadId);

/// <summary>
/// What the fixture modules report, received in .NET: <c>src/e2e/bridge.ts</c> turns every <c>log.push(entry)</c> of a
/// module into a call of <see cref="Push"/>, made on the engine's thread while the module's code runs.
/// </summary>
internal sealed class FixtureLog(TransportLog transport, ChangeSignal changes)
{
    private readonly List<FixtureLogEntry> _entries = [];

    public IReadOnlyList<FixtureLogEntry> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public IReadOnlyList<string> Texts => Entries.Select(e => e.Text).ToList();

    /// <summary>The .NET function handed to the modules (as a JavaScript function).</summary>
    public void Push(string entry)
    {
        lock (_entries) _entries.Add(new FixtureLogEntry(entry, transport.Count, Environment.CurrentManagedThreadId));
        changes.Pulse();
    }

    /// <summary>How many entries equal <paramref name="text"/>.</summary>
    public int CountOf(string text) => Entries.Count(e => e.Text == text);

    /// <summary>Waits until <paramref name="text"/> was pushed <paramref name="times"/> times; returns the last of them.</summary>
    public async Task<FixtureLogEntry> WaitForAsync(string text, int times = 1, TimeSpan? timeout = null)
    {
        await changes.WaitUntilAsync(() => CountOf(text) >= times, timeout ?? TimeSpan.FromSeconds(15),
            times == 1 ? $"the fixture log entry \"{text}\"" : $"{times} fixture log entries \"{text}\"", Describe);
        return Entries.Where(e => e.Text == text).ElementAt(times - 1);
    }

    public string Describe() =>
        $"The modules logged: [{string.Join(", ", Texts.Select(t => $"\"{t}\""))}]." + Environment.NewLine + transport.Describe();
}
