using System.Diagnostics;
using Runner.Extensible.V8.Engine;

namespace Runner.Extensible.V8.Tests.Engine;

/// <summary>
/// .NET's <see cref="Process"/> and Node's <c>child_process</c> in one process. Both learn that their children exited
/// through SIGCHLD; without the shim's chain, libuv takes the signal from .NET when JavaScript spawns a child and resets
/// it to the default once the child is gone, and from then on <c>WaitForExit</c> hangs and exit codes are lost.
/// </summary>
public sealed class ChildProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    // Resolves with [pid, exit code] once Node saw the child exit.
    private const string SpawnAsync = """
        (command, args) => new Promise((resolve, reject) => {
          const child = require('node:child_process').spawn(command, args, { stdio: 'ignore' });
          child.on('error', reject);
          child.on('exit', (code, signal) => resolve([child.pid, code ?? signal]));
        })
        """;

    [Fact]
    public async Task Dotnet_sees_its_children_exit_after_javascript_ran_one_synchronously()
    {
        await using var env = await EngineRequirement.StartAsync();
        // .NET's handler is in place before JavaScript spawns anything, as in a host that already runs processes.
        RunDotnetChild("exit 0").ShouldBe(0);

        (await env.EvalAsync("require('node:child_process').execFileSync('echo', ['from js'], { encoding: 'utf8' })")).ShouldBe("from js\n");
        (await env.EvalAsync("require('node:child_process').spawnSync('sh', ['-c', 'exit 5']).status")).ShouldBe(5d);

        var clock = Stopwatch.StartNew();
        RunDotnetChild("exit 7").ShouldBe(7);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3), "the exit of a process that does nothing is seen at once");
        using var trueProcess = Process.Start("true");
        trueProcess.WaitForExit(ExitTimeout).ShouldBeTrue();
        trueProcess.HasExited.ShouldBeTrue();
        trueProcess.ExitCode.ShouldBe(0);
        ChildProcessSignals.ChainIsInstalled.ShouldBeTrue("libuv must not have reset SIGCHLD to the default");
    }

    [Fact]
    public async Task A_dotnet_child_started_before_javascript_spawns_is_seen_when_it_exits_afterwards()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var spawnAsync = (await env.EvalAsync(SpawnAsync)).ShouldBeOfType<JsFunctionHandle>();
        using var dotnetChild = StartDotnetChild("sleep 0.6; exit 3");

        (await env.EvalAsync("require('node:child_process').execFileSync('true', { encoding: 'utf8' })")).ShouldBe("");
        var jsChild = (object?[])(await spawnAsync.InvokeAsync("sh", new object?[] { "-c", "exit 4" }).WaitAsync(ExitTimeout, TestContext.Current.CancellationToken))!;
        jsChild[1].ShouldBe(4d);
        dotnetChild.HasExited.ShouldBeFalse("the test needs the .NET child to outlive both JavaScript children");

        dotnetChild.WaitForExit(ExitTimeout).ShouldBeTrue();
        dotnetChild.ExitCode.ShouldBe(3);
    }

    [Fact]
    public async Task Javascript_and_dotnet_children_running_at_the_same_time_all_report_their_exits()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var spawnAsync = (await env.EvalAsync(SpawnAsync)).ShouldBeOfType<JsFunctionHandle>();

        var jsChildren = Enumerable.Range(0, 4)
            .Select(i => spawnAsync.InvokeAsync("sh", new object?[] { "-c", $"sleep 0.{i + 1}; exit {10 + i}" }))
            .ToList();
        var dotnetChildren = Enumerable.Range(0, 4).Select(i => StartDotnetChild($"sleep 0.{4 - i}; exit {20 + i}")).ToList();
        var exitedEvents = dotnetChildren.Select(p =>
        {
            var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            p.Exited += (_, _) => exited.TrySetResult();
            p.EnableRaisingEvents = true;
            return exited.Task;
        }).ToList();

        var jsCodes = new List<object?>();
        foreach (var child in jsChildren) jsCodes.Add(((object?[])(await child.WaitAsync(ExitTimeout, TestContext.Current.CancellationToken))!)[1]);
        await Task.WhenAll(exitedEvents).WaitAsync(ExitTimeout, TestContext.Current.CancellationToken);

        jsCodes.ShouldBe([10d, 11d, 12d, 13d]);
        dotnetChildren.Select(p => p.ExitCode).ShouldBe([20, 21, 22, 23]);
        foreach (var p in dotnetChildren) p.Dispose();
    }

    [Fact]
    public async Task A_worker_thread_spawning_children_leaves_dotnet_its_exits()
    {
        await using var env = await EngineRequirement.StartAsync();
        const string worker = """
            new Promise((resolve, reject) => {
              const { Worker } = require('node:worker_threads');
              const w = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:child_process').spawnSync('sh', ['-c', 'exit 6']).status)", { eval: true });
              w.once('message', resolve);
              w.once('error', reject);
            })
            """;
        RunDotnetChild("exit 0").ShouldBe(0);

        var status = await ((Task<object?>)(await env.EvalAsync(worker))!).WaitAsync(ExitTimeout, TestContext.Current.CancellationToken);

        status.ShouldBe(6d);
        RunDotnetChild("exit 8").ShouldBe(8);
    }

    [Fact]
    public async Task Many_rounds_on_both_sides_leave_no_zombies()
    {
        await using var env = await EngineRequirement.StartAsync();
        using var spawnAsync = (await env.EvalAsync(SpawnAsync)).ShouldBeOfType<JsFunctionHandle>();
        var pids = new List<int>();

        for (var round = 0; round < 15; round++)
        {
            var jsPid = await env.EvalAsync("(() => { const r = require('node:child_process').spawnSync('true'); return r.status === 0 ? r.pid : -1 })()");
            jsPid.ShouldBeOfType<double>().ShouldBeGreaterThan(0);
            pids.Add((int)(double)jsPid);

            var asyncChild = spawnAsync.InvokeAsync("true", Array.Empty<object?>());
            var code = round % 100;
            using (var dotnetChild = StartDotnetChild($"exit {code}"))
            {
                dotnetChild.WaitForExit(ExitTimeout).ShouldBeTrue($"round {round}");
                dotnetChild.ExitCode.ShouldBe(code);
                pids.Add(dotnetChild.Id);
            }
            var result = (object?[])(await asyncChild.WaitAsync(ExitTimeout, TestContext.Current.CancellationToken))!;
            result[1].ShouldBe(0d);
            pids.Add((int)(double)result[0]!);
        }

        // Each side reaped its own children before reporting them; none is left as a zombie of this process.
        pids.Where(IsZombieChildOfThisProcess).ShouldBeEmpty();
    }

    private static Process StartDotnetChild(string script)
    {
        var process = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false });
        return process.ShouldNotBeNull();
    }

    private static int RunDotnetChild(string script)
    {
        using var process = StartDotnetChild(script);
        process.WaitForExit(ExitTimeout).ShouldBeTrue($"'{script}' did not report its exit within {ExitTimeout.TotalSeconds} s");
        return process.ExitCode;
    }

    private static bool IsZombieChildOfThisProcess(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            var state = status.First(l => l.StartsWith("State:", StringComparison.Ordinal));
            var parent = status.First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return state.Contains('Z') && int.Parse(parent["PPid:".Length..].Trim()) == Environment.ProcessId;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
