using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Tests.Breakages;
using Runner.Extensible.Graph;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Conformance.Tests.SourceMaps;

/// <summary>Broken source-map interceptors, one or more per SMI guarantee (each decorates the core's interceptor).</summary>
public static class SourceMapInterceptorBreakages
{
    public static IEnumerable<Breakage> All =>
    [
        new("SMI-001", "drops frames it cannot map", Suite(inner => frames =>
        {
            var mapped = inner.MapStackTrace(frames);
            return mapped.Where((f, i) => !Equals(f, frames[i])).ToArray();
        })),
        new("SMI-001", "returns the outermost frame first", Suite(inner => frames => inner.MapStackTrace(frames).Reverse().ToArray())),
        new("SMI-002", "names unmappable files <unknown>", Suite(inner => frames =>
            inner.MapStackTrace(frames).Select((f, i) => (Equals(f, frames[i]) && !f.IsNative) ? (f with { FileName = f.FileName ?? "<unknown>", FunctionName = f.FunctionName ?? "<anonymous>" }) : f).ToArray())),
        new("SMI-003", "maps nothing", Suite(_ => frames => frames)),
        new("SMI-004", "not safe for concurrent calls", Suite(inner => new NotThreadSafe(inner).MapStackTrace)),
        new("SMI-005", "blocks on work posted to the engine thread", Suite(inner => frames => MapAsync(inner, frames).GetAwaiter().GetResult())),
        new("SMI-006", "configures the default runner instead of the builder's", () =>
            new BrokenSourceMapSuite(new BrokenSourceMapFixture(builder =>
                builder.Services.Configure<ModuleRunnerOptions>(Microsoft.Extensions.Options.Options.DefaultName, o => o.SourceMapInterceptor = _ => Core())))),
    ];

    private static ISourceMapInterceptor Core() => new SourceMapInterceptor(new EvaluatedModules(), [], []);

    private static Func<object> Suite(Func<ISourceMapInterceptor, Func<IReadOnlyList<ScriptStackFrame>, IReadOnlyList<ScriptStackFrame>>> map) =>
        () => new BrokenSourceMapSuite(new BrokenSourceMapFixture(builder => builder.UseSourceMapInterceptor(_ => new Decorated(map(Core())))));

    // Async code with an await that resumes on the caller's context, waited for synchronously.
    private static async Task<IReadOnlyList<ScriptStackFrame>> MapAsync(ISourceMapInterceptor inner, IReadOnlyList<ScriptStackFrame> frames)
    {
        await Task.Yield();
        return inner.MapStackTrace(frames);
    }

    private sealed class Decorated(Func<IReadOnlyList<ScriptStackFrame>, IReadOnlyList<ScriptStackFrame>> map) : ISourceMapInterceptor
    {
        public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames) => map(frames);
    }

    /// <summary>Like a cache in a plain dictionary: a call that overlaps another fails.</summary>
    private sealed class NotThreadSafe(ISourceMapInterceptor inner)
    {
        private int _busy;

        public IReadOnlyList<ScriptStackFrame> MapStackTrace(IReadOnlyList<ScriptStackFrame> frames)
        {
            if (Interlocked.Exchange(ref _busy, 1) == 1)
                throw new InvalidOperationException("Operations that change non-concurrent collections must have exclusive-access.");
            try
            {
                Thread.Sleep(1);
                return inner.MapStackTrace(frames);
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }
    }
}

internal sealed class BrokenSourceMapFixture(Action<IModuleRunnerBuilder> configure) : SourceMapInterceptorConformanceFixture
{
    public override string PluginName => "broken interceptor";

    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => configure(builder);
}

internal sealed class BrokenSourceMapSuite(BrokenSourceMapFixture fixture) : SourceMapInterceptorConformanceTests<BrokenSourceMapFixture>(fixture);
