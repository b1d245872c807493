using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Graph;
using Runner.Extensible.Hmr;
using Runner.Extensible.Hosting;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Tests.Hosting;

/// <summary>Contract fakes for hosting tests: they only need to exist and to count disposals.</summary>
internal class FakeEvaluator : IModuleEvaluator
{
    public int DisposeCount { get; private set; }

    public int? StartOffset => 3;

    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        DisposeCount++;
        return ValueTask.CompletedTask;
    }
}

internal sealed class OtherFakeEvaluator : FakeEvaluator;

internal sealed class FakeTransport(string displayName = "fake transport") : IInvokeTransport
{
    public int DisposeCount { get; private set; }

    public string DisplayName { get; } = displayName;

    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        DisposeCount++;
        return ValueTask.CompletedTask;
    }
}

internal sealed class NamedStep(string name) : IInvokeStep
{
    public string Name { get; } = name;

    public ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next) => next(context);
}

internal sealed class FakeHmrLogger : IHmrLogger
{
    public void Debug(string message)
    {
    }

    public void Error(string message, Exception? exception = null)
    {
    }
}

internal sealed class FakeImportMetaFactory : IImportMetaFactory
{
    public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module) => new() { Url = "file://" + modulePath, Filename = modulePath, Dirname = "/" };
}

internal sealed class FakeSourceMapInterceptor : ISourceMapInterceptor
{
    public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames) => frames;
}

/// <summary>A runner that records what hosting built it from and how hosting treated it.</summary>
internal sealed class FakeRunner(ModuleRunnerComponents components) : IModuleRunner
{
    public ModuleRunnerComponents Components { get; } = components;

    public int StartCount { get; set; }

    public int DisposeCount { get; private set; }

    public string Name => Components.Name;

    public EvaluatedModules EvaluatedModules { get; } = new();

    public bool IsClosed => DisposeCount > 0;

    public Task<IScriptObject> ImportAsync(string url, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public void ClearCache() => throw new NotSupportedException();

    public Task CloseAsync() => throw new NotSupportedException();

    public Exception? DisposeError { get; set; }

    public ValueTask DisposeAsync()
    {
        DisposeCount++;
        return DisposeError is null ? ValueTask.CompletedTask : ValueTask.FromException(DisposeError);
    }
}

/// <summary>Replaces the runner itself (built concurrently elsewhere) so hosting can be observed on its own.</summary>
internal sealed class RecordingActivator : ModuleRunnerActivator
{
    public List<FakeRunner> Created { get; } = [];

    public override IModuleRunner Create(ModuleRunnerComponents components)
    {
        var runner = new FakeRunner(components);
        lock (Created) Created.Add(runner);
        return runner;
    }

    public override Task StartAsync(IModuleRunner runner, CancellationToken cancellationToken)
    {
        ((FakeRunner)runner).StartCount++;
        return Task.CompletedTask;
    }
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public List<(LogLevel Level, string Category, string Message)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries) owner.Entries.Add((logLevel, category, formatter(state, exception)));
        }
    }
}

internal static class HostingTestServices
{
    /// <summary>A service collection whose runners are <see cref="FakeRunner"/>s recorded by the returned activator.</summary>
    public static (ServiceCollection Services, RecordingActivator Activator) Create()
    {
        var services = new ServiceCollection();
        var activator = new RecordingActivator();
        services.AddSingleton<ModuleRunnerActivator>(activator);
        return (services, activator);
    }

    /// <summary>Captures every log entry, debug included.</summary>
    public static CapturingLoggerProvider AddCapturingLogs(this IServiceCollection services)
    {
        var logs = new CapturingLoggerProvider();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        return logs;
    }

    public static IModuleRunnerBuilder UseFakes(this IModuleRunnerBuilder builder) =>
        builder.UseEvaluator("Fake", _ => new FakeEvaluator()).UseTransport("FakeTransport", _ => new FakeTransport());
}
