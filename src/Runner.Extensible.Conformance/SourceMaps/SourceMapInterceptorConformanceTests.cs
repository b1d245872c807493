using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The conformance suite of <see cref="ISourceMapInterceptor"/> (guarantees <c>SMI-*</c> of the kit's GUARANTEES.md).
/// Inherit it once with your fixture: <c>public sealed class MyInterceptorConformance(MyFixture f) : SourceMapInterceptorConformanceTests&lt;MyFixture&gt;(f);</c>.
/// Every test is virtual: override one where your interceptor legitimately differs, and say why.
/// </summary>
/// <typeparam name="TFixture">The fixture that wires the interceptor.</typeparam>
/// <param name="fixture">The shared fixture.</param>
public abstract class SourceMapInterceptorConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncDisposable
    where TFixture : SourceMapInterceptorConformanceFixture
{
    private SeamOptions? _seam;

    /// <summary>The fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <summary>Frames no interceptor can map, as engines report them.</summary>
    protected static IReadOnlyList<ScriptStackFrame> UnmappableFrames() =>
    [
        new() { FunctionName = "JSON.parse", IsNative = true, IsToplevel = false },
        new() { FunctionName = "missing", FileName = "/conformance/does-not-exist.js", LineNumber = 3, ColumnNumber = 5 },
        new() { FunctionName = "plain", FileName = GeneratedScripts.Plain, LineNumber = 2, ColumnNumber = 9 },
        new() { FunctionName = "noLine", FileName = GeneratedScripts.Plain },
        new() { FunctionName = "anonymousCode", IsEval = true, EvalOrigin = "eval at <anonymous>" },
        new() { FileName = "node:internal/modules/esm/loader", LineNumber = 10, ColumnNumber = 1, IsAsync = true },
    ];

    /// <summary>SMI-001: the result has as many frames as the input, in the same order.</summary>
    [Fact, Guarantee("SMI-001")]
    public virtual void SMI001_every_frame_comes_back_in_order()
    {
        var interceptor = CreateInterceptor();
        interceptor.MapStackTrace([]).ShouldBeEmpty("an empty stack maps to an empty stack");
        var frames = UnmappableFrames();
        interceptor.MapStackTrace(frames).Count.ShouldBe(frames.Count);
        var deep = Enumerable.Range(1, 200).Select(i => new ScriptStackFrame { FunctionName = "f" + i, FileName = "/conformance/deep.js", LineNumber = i, ColumnNumber = 1 }).ToArray();
        var mapped = interceptor.MapStackTrace(deep);
        mapped.Count.ShouldBe(deep.Length, "a 200-frame stack lost or gained frames");
        mapped.Select(f => f.FunctionName).ShouldBe(deep.Select(f => f.FunctionName), "the frames came back in another order");
    }

    /// <summary>SMI-002: a frame that cannot be mapped comes back exactly as it was, at its place.</summary>
    [Fact, Guarantee("SMI-002")]
    public virtual void SMI002_unmappable_frames_come_back_unchanged()
    {
        var interceptor = CreateInterceptor();
        var frames = UnmappableFrames();
        var mapped = interceptor.MapStackTrace(frames);
        mapped.Count.ShouldBe(frames.Count);
        for (var i = 0; i < frames.Count; i++)
            mapped[i].ShouldBe(frames[i], $"frame {i} ({frames[i]}) cannot be mapped but was changed to ({mapped[i]})");
    }

    /// <summary>SMI-003: a frame of a script file with Vite's inline source map is mapped to the original file, line and column.</summary>
    [Fact, Guarantee("SMI-003")]
    public virtual void SMI003_frames_of_scripts_with_inline_source_maps_map_to_the_original()
    {
        Capability.Require(Fixture.MapsScriptFilesWithInlineSourceMaps, Fixture, nameof(SourceMapInterceptorConformanceFixture.MapsScriptFilesWithInlineSourceMaps),
            "the kit's source-mapped script is a file on disk whose map only a file-reading interceptor finds");
        var interceptor = CreateInterceptor();
        var throwFrame = GeneratedScripts.ThrowFrame();
        var mapped = interceptor.MapStackTrace([throwFrame, .. UnmappableFrames()]);
        var original = mapped[0];
        Path.GetFileName(original.FileName).ShouldBe("throws.ts", $"the generated frame ({throwFrame}) did not map to throws.ts but to ({original})");
        (original.LineNumber, original.ColumnNumber).ShouldBe((8, 9), $"throws.ts throws at 8:9; the frame mapped to ({original})");
        original.FunctionName.ShouldBe("throwError");
        mapped.Skip(1).ShouldBe(UnmappableFrames(), "the unmappable frames after the mapped one changed");
    }

    /// <summary>SMI-004: mapping from many threads at once gives every caller the result of its own stack.</summary>
    [Fact, Guarantee("SMI-004")]
    public virtual async Task SMI004_concurrent_calls_map_each_stack_on_its_own()
    {
        var interceptor = CreateInterceptor();
        var stacks = Enumerable.Range(0, 16).Select(i => (IReadOnlyList<ScriptStackFrame>)
        [
            .. Fixture.MapsScriptFilesWithInlineSourceMaps ? [GeneratedScripts.ThrowFrame()] : Array.Empty<ScriptStackFrame>(),
            new() { FunctionName = "worker" + i, FileName = $"/conformance/worker{i}.js", LineNumber = i + 1, ColumnNumber = 2 },
            .. UnmappableFrames(),
        ]).ToArray();
        var expected = stacks.Select(s => interceptor.MapStackTrace(s).ToArray()).ToArray();
        using var start = new Barrier(stacks.Length);
        var results = await Hang.Guard(Task.WhenAll(stacks.Select((stack, i) => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, 50).Select(_ => interceptor.MapStackTrace(stack).ToArray()).ToArray();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))), Fixture.OperationTimeout, "Mapping 16 stacks at once");
        for (var i = 0; i < stacks.Length; i++)
            foreach (var result in results[i])
                result.ShouldBe(expected[i], $"stack {i} mapped concurrently differs from the same stack mapped alone");
    }

    /// <summary>SMI-005: mapping completes on the calling (engine) thread without waiting for work posted back to it.</summary>
    [Fact, Guarantee("SMI-005")]
    public virtual async Task SMI005_mapping_does_not_wait_on_the_calling_thread()
    {
        var interceptor = CreateInterceptor();
        var frames = (IReadOnlyList<ScriptStackFrame>)[GeneratedScripts.ThrowFrame(), .. UnmappableFrames()];
        var engineThread = new EngineThreadContext();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(engineThread);
            try
            {
                interceptor.MapStackTrace(frames);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "conformance engine thread" };
        thread.Start();
        await Hang.Guard(done.Task, Fixture.OperationTimeout, "MapStackTrace on a thread with its own synchronization context");
        engineThread.Posted.ShouldBe(0, "MapStackTrace posted work back to the engine thread it blocks (a deadlock on an engine's own thread)");
    }

    /// <summary>SMI-006: a runner wired through the seam turns source maps on and gives its evaluator this interceptor.</summary>
    [Fact, Guarantee("SMI-006")]
    public virtual async Task SMI006_the_runner_gives_its_evaluator_this_interceptor()
    {
        var expectedType = CreateInterceptor().GetType();
        NonExecutingEvaluator? evaluator = null;
        await using var session = await RunnerSession.StartAsync(Fixture, builder =>
        {
            Fixture.ConfigurePlugin(builder);
            evaluator = builder.UseNonExecutingEvaluator();
            builder.UseInMemoryServer(ConformanceRecording.CreateServer());
        });
        var given = evaluator!.Host.ShouldNotBeNull("the runner did not initialize its evaluator").SourceMapInterceptor;
        given.ShouldNotBeNull("the runner gave its evaluator no source-map interceptor (source maps are off)");
        given.GetType().ShouldBe(expectedType, "the runner gave its evaluator another interceptor than the one the seam wires");
    }

    /// <summary>Creates the interceptor from the fixture's seam (its container lives until the test ends).</summary>
    protected ISourceMapInterceptor CreateInterceptor()
    {
        _seam ??= SeamOptions.Build(Fixture);
        return Fixture.CreateInterceptor(_seam);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_seam is not null) await _seam.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Stands for an engine thread that is busy creating an error: it counts what is posted to it and runs it
    /// elsewhere, so that a blocking interceptor is reported instead of hanging the test run.
    /// </summary>
    private sealed class EngineThreadContext : SynchronizationContext
    {
        private int _posted;

        public int Posted => Volatile.Read(ref _posted);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posted);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posted);
            d(state);
        }
    }
}
