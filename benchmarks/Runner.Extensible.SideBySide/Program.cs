using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible;
using Runner.Extensible.Scripting;
using Runner.Extensible.SideBySide;

// The side-by-side benchmark's client for Runner.Extensible (V8 evaluator, WebSocket transport, cache coherence on
// unless --vite-compatible). Reads one JSON command per line on stdin and answers each with one JSON line on stdout;
// the protocol is the one benchmarks/side-by-side/vite-client.mjs speaks for Vite's own runner.
var viteCompatible = args.Contains("--vite-compatible");
var client = new Client(viteCompatible);
using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
while (await Console.In.ReadLineAsync() is { } line)
{
    if (string.IsNullOrWhiteSpace(line)) continue;
    var command = JsonNode.Parse(line)!.AsObject();
    JsonObject reply;
    try
    {
        reply = await client.RunAsync(command);
        reply["ok"] = true;
    }
    catch (Exception ex)
    {
        reply = new JsonObject { ["ok"] = false, ["error"] = ex.ToString() };
    }
    await stdout.WriteLineAsync(reply.ToJsonString());
    if ((string?)command["cmd"] == "close") break;
}

namespace Runner.Extensible.SideBySide
{
    internal sealed class Client(bool viteCompatible)
    {
        private readonly InvokeCounter _invokes = new();
        private ServiceProvider? _services;
        private IModuleRunner? _runner;
        private string _entry = "/src/main.ts";
        private TaskCompletionSource<(object? Value, long At)>? _accepted;
        private TaskCompletionSource<(object? Value, long At)>? _entryDone;
        private ILogger? _logger;

        private IModuleRunner Runner => _runner ?? throw new InvalidOperationException("send start first");

        public async Task<JsonObject> RunAsync(JsonObject command)
        {
            switch ((string?)command["cmd"])
            {
                case "start":
                    await StartAsync((string)command["websocket"]!, (string)command["token"]!, (string)command["entry"]!);
                    return [];
                case "cold":
                    return await ColdAsync();
                case "warm":
                    return await WarmAsync();
                case "hmr":
                    return await EditAndWaitAsync((string)command["file"]!, (string)command["content"]!, () => _accepted = NewSignal(), "value");
                case "fullReload":
                    return await EditAndWaitAsync((string)command["file"]!, (string)command["content"]!, () => _entryDone = NewSignal(), "checksum");
                case "reevaluate":
                    return await ReevaluateAsync((string)command["url"]!, (int?)command["count"] ?? 100, (int?)command["idleMs"] ?? 0);
                case "close":
                    if (_runner is not null) await _runner.CloseAsync();
                    if (_services is not null) await _services.DisposeAsync();
                    return [];
                default:
                    throw new InvalidOperationException($"unknown command {command["cmd"]}");
            }
        }

        private async Task StartAsync(string websocket, string token, string entry)
        {
            _entry = entry;
            // RX_BENCH_LOG=Debug (or Trace) logs the runner's steps with timestamps to stderr, for profiling.
            var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("RX_BENCH_LOG"), out var parsed) ? parsed : LogLevel.Warning;
            var services = new ServiceCollection().AddLogging(logging => logging
                .AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.ffffff ")
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .SetMinimumLevel(level));
            services.AddModuleRunner(b => b
                .UseV8()
                .UseWebSocket(websocket, token)
                .AddInvokeStep(_ => _invokes)
                .Configure(o => o.CacheCoherence = !viteCompatible));
            _services = services.BuildServiceProvider();
            _runner = _services.GetRequiredService<IModuleRunner>();
            _logger = _services.GetRequiredService<ILoggerFactory>().CreateLogger("SideBySide");
            // Connected (and the engine started) before the first import, as the Vite client is, so cold imports compare imports only.
            if (_runner is ModuleRunner runner) await runner.StartAsync();
        }

        private async Task<JsonObject> ColdAsync()
        {
            _invokes.Take();
            var watch = Stopwatch.StartNew();
            var exports = await Runner.ImportAsync(_entry);
            var ms = watch.Elapsed.TotalMilliseconds;
            var invokes = _invokes.Take();
            // Callbacks the modules call on globalThis: the accept callback of src/hmr/parent.ts and the entry's last line.
            // The time is taken in the callback itself (on the engine's thread), not when a continuation gets to it.
            await exports.InvokeAsync<object>("setHook", "__rxAccepted", (Action<object?>)(value => _accepted?.TrySetResult((value, Stopwatch.GetTimestamp()))));
            await exports.InvokeAsync<object>("setHook", "__rxEntryDone", (Action<object?>)(value => _entryDone?.TrySetResult((value, Stopwatch.GetTimestamp()))));
            return new JsonObject
            {
                ["ms"] = ms,
                ["invokes"] = invokes,
                ["modules"] = Runner.EvaluatedModules.Modules.Count,
                ["checksum"] = Number(exports.GetProperty("checksum")),
            };
        }

        private async Task<JsonObject> WarmAsync()
        {
            _invokes.Take();
            var watch = Stopwatch.StartNew();
            Runner.ClearCache();
            var exports = await Runner.ImportAsync(_entry);
            var ms = watch.Elapsed.TotalMilliseconds;
            return new JsonObject
            {
                ["ms"] = ms,
                ["invokes"] = _invokes.Take(),
                ["checksum"] = Number(exports.GetProperty("checksum")),
            };
        }

        private async Task<JsonObject> EditAndWaitAsync(string file, string content, Func<TaskCompletionSource<(object? Value, long At)>> arm, string valueName)
        {
            var signal = arm();
            _invokes.Take();
            if (_logger?.IsEnabled(LogLevel.Debug) == true) _logger.LogDebug("writing {File}", file);
            var started = Stopwatch.GetTimestamp();
            // Saved as editors that write atomically do (see vite-client.mjs): a plain write truncates first, and Vite's
            // watcher can read the empty file before the content lands.
            var temporary = file + ".rx-tmp";
            File.WriteAllText(temporary, content);
            File.Move(temporary, file, overwrite: true);
            var (value, at) = await signal.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var ms = Stopwatch.GetElapsedTime(started, at).TotalMilliseconds;
            if (_logger?.IsEnabled(LogLevel.Debug) == true) _logger.LogDebug("signalled after {Ms} ms", ms);
            return new JsonObject
            {
                ["ms"] = ms,
                ["invokes"] = _invokes.Take(),
                [valueName] = Number(value),
            };
        }

        /// <summary>
        /// Diagnostics: evaluates a held module again <paramref name="count"/> times (its node invalidated, its code held,
        /// so no round trip), optionally after <paramref name="idleMs"/> of idleness each time, and reports the spread.
        /// </summary>
        private async Task<JsonObject> ReevaluateAsync(string url, int count, int idleMs)
        {
            var samples = new List<double>();
            for (var i = 0; i < count; i++)
            {
                if (idleMs > 0) await Task.Delay(idleMs);
                Runner.EvaluatedModules.InvalidateModule(Runner.EvaluatedModules.GetModuleByUrl(url)!);
                var started = Stopwatch.GetTimestamp();
                await Runner.ImportAsync(url);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            samples.Sort();
            return new JsonObject { ["p10"] = samples[count / 10], ["median"] = samples[count / 2], ["p90"] = samples[count * 9 / 10] };
        }

        private static TaskCompletionSource<(object? Value, long At)> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A script number as JSON; NaN and infinities become null, as JSON.stringify writes them.</summary>
        private static JsonNode? Number(object? value)
        {
            if (value is null) return null;
            var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            return double.IsFinite(number) ? JsonValue.Create(number) : null;
        }
    }

    /// <summary>Counts the runner's server calls by method (each is one invoke message on the wire).</summary>
    internal sealed class InvokeCounter : IInvokeStep
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public JsonObject Take()
        {
            lock (_counts)
            {
                var result = new JsonObject();
                foreach (var (method, count) in _counts) result[method] = count;
                _counts.Clear();
                return result;
            }
        }

        public ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
        {
            lock (_counts) _counts[context.Method] = _counts.GetValueOrDefault(context.Method) + 1;
            return next(context);
        }
    }
}
