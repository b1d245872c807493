using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Runner.Extensible.Cli.Commands;
using Runner.Extensible.Cli.Output;

namespace Runner.Extensible.Cli.Running;

/// <summary>
/// The runner the tool drives, set up the way an application would: <c>AddModuleRunner(b =&gt; b.UseV8().UseStdio(…))</c>
/// (or <c>UseWebSocket</c>/<c>UseHttp</c>), with the tool's HMR logger and fetch progress, logging to stderr.
/// </summary>
internal sealed class RunnerSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RunnerSession(ServiceProvider services, IModuleRunner runner, ScriptErrorObserver errors, FetchProgressStep fetches)
    {
        _services = services;
        Runner = runner;
        Errors = errors;
        Fetches = fetches;
    }

    /// <summary>The started runner.</summary>
    public IModuleRunner Runner { get; }

    /// <summary>Errors module code raised after its import (see <see cref="ScriptErrorObserver"/>).</summary>
    public ScriptErrorObserver Errors { get; }

    /// <summary>The fetch progress step.</summary>
    public FetchProgressStep Fetches { get; }

    /// <summary>Creates the runner and starts it (Vite starts, or the connection opens, and V8 starts).</summary>
    public static async Task<RunnerSession> StartAsync(RunSettings settings, ToolOutput output, CancellationToken cancellationToken)
    {
        var errors = new ScriptErrorObserver();
        var fetches = new FetchProgressStep(output, settings.Verbose);
        var services = new ServiceCollection();
        services.AddLogging(logging => ConfigureLogging(logging, settings.Verbose, errors));
        services.AddModuleRunner(runner =>
        {
            runner.UseV8(o =>
            {
                o.ExposeNodeApis = settings.NodeApis;
                o.WorkingDirectory = settings.Root;
            });
            UseTransport(runner, settings);
            runner.AddInvokeStep(_ => fetches);
            if (settings.Watch) runner.UseHmrLogger(_ => new WatchHmrLogger(output));
            else runner.DisableHmr();
        });
        var provider = services.BuildServiceProvider();
        try
        {
            var runner = await provider.GetRequiredService<IModuleRunnerProvider>().GetRunnerAsync(Microsoft.Extensions.Options.Options.DefaultName, cancellationToken).ConfigureAwait(false);
            return new RunnerSession(provider, runner, errors, fetches);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The Vite version the session talks to, when the tool can tell (the installed package, or the connection file).</summary>
    public static string? ViteVersionOf(RunSettings settings) =>
        settings.Transport == TransportKind.Stdio
            ? ViteInstallation.Find(settings.Root)?.Version
            : settings.ConnectionFile is { } file ? ReadString(file, "viteVersion") : null;

    private static void UseTransport(IModuleRunnerBuilder runner, RunSettings settings)
    {
        switch (settings.Transport)
        {
            case TransportKind.Stdio:
                runner.UseStdio(o =>
                {
                    o.Root = settings.Root;
                    o.ConfigFile = settings.ConfigFile;
                    o.NodeApis = settings.NodeApis;
                    o.LogLevel = settings.Verbose ? "info" : "warn";
                });
                break;
            case TransportKind.WebSocket when settings.Server is { } server:
                runner.UseWebSocket(server.ToString(), TokenOf(settings));
                break;
            case TransportKind.WebSocket:
                runner.UseWebSocketFromConnectionFile(settings.ConnectionFile!);
                break;
            case TransportKind.Http when settings.Server is { } server:
                runner.UseHttp(server.ToString(), TokenOf(settings));
                break;
            case TransportKind.Http:
                runner.UseHttpFromConnectionFile(settings.ConnectionFile!);
                break;
        }
    }

    private static string TokenOf(RunSettings settings) =>
        settings.Token
        ?? (settings.ConnectionFile is { } file ? ReadString(file, "token") : null)
        ?? throw new CliFailure(ExitCodes.BadArguments, $"no token: {settings.ConnectionFile} has no \"token\"; pass --token");

    private static string? ReadString(string file, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose, ScriptErrorObserver errors)
    {
        logging.ClearProviders();
        logging.AddConsole(o =>
        {
            o.FormatterName = CompactConsoleFormatter.FormatterName;
            // stdout is the module's; everything the tool logs goes to stderr.
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<CompactConsoleFormatter, CompactConsoleFormatterOptions>(o => o.Verbose = verbose);
        logging.AddProvider(errors);
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        // Vite's own stderr lines are logged at Information by the stdio transport; they show even when quiet.
        logging.AddFilter<ConsoleLoggerProvider>(CompactConsoleFormatter.StdioCategory, LogLevel.Information);
        // The tool prints script errors itself, with their mapped stacks.
        logging.AddFilter<ConsoleLoggerProvider>(ScriptErrorObserver.EvaluatorCategoryPrefix, LogLevel.None);
        logging.AddFilter<ScriptErrorObserver>(ScriptErrorObserver.EvaluatorCategoryPrefix, LogLevel.Error);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the container closes the runner: the transport (and with stdio the Vite child) and the engine.
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
