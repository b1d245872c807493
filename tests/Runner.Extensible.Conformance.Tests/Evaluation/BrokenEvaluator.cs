using Runner.Extensible.Evaluation;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Tests.Evaluation;

/// <summary>What a broken evaluator changes about the correct one it decorates.</summary>
public sealed record EvaluatorBreak
{
    /// <summary>Rewrites module code before the inner evaluator runs it (a wrong wrapper, a missing "use strict", …).</summary>
    public Func<string, string>? Code { get; init; }

    /// <summary>Changes the import.meta description the inner evaluator builds from.</summary>
    public Func<ImportMetaDescriptor, ImportMetaDescriptor>? ImportMeta { get; init; }

    /// <summary>Changes what the inner evaluator is initialized with.</summary>
    public Func<ModuleEvaluatorHost, ModuleEvaluatorHost>? Host { get; init; }

    /// <summary>Publishes exports only after the code ran (instead of before).</summary>
    public bool PublishLate { get; init; }

    /// <summary>Changes what script sees when an import fails.</summary>
    public Func<ScriptException, Exception>? ImportFailure { get; init; }

    /// <summary>Changes the error a module's evaluation fails with.</summary>
    public Func<ScriptException, Exception>? EvaluationFailure { get; init; }

    /// <summary>Fails loading an external module instead of loading it (return <c>null</c> to load it).</summary>
    public Func<string, Exception?>? ExternalFailure { get; init; }

    /// <summary>Changes the .NET views handed out (exports and everything read through them); <c>null</c> hands out the real ones.</summary>
    public Func<ViewRules>? Views { get; init; }
}

/// <summary>Decorates a correct evaluator with one <see cref="EvaluatorBreak"/>.</summary>
public sealed class BrokenEvaluator(IModuleEvaluator inner, EvaluatorBreak breakage) : IModuleEvaluator
{
    private readonly ViewRules? _views = breakage.Views?.Invoke();

    public int? StartOffset => inner.StartOffset;

    public ValueTask InitializeAsync(ModuleEvaluatorHost host, CancellationToken cancellationToken) =>
        inner.InitializeAsync(breakage.Host?.Invoke(host) ?? host, cancellationToken);

    public async Task<IScriptObject> RunInlinedModuleAsync(IModuleEvaluationContext context, string code, IEvaluatedModule module, CancellationToken cancellationToken)
    {
        var decorated = new DecoratedContext(context, breakage, _views);
        try
        {
            var exports = await inner.RunInlinedModuleAsync(decorated, breakage.Code?.Invoke(code) ?? code, module, cancellationToken);
            decorated.PublishLateExports();
            return Wrap(exports)!;
        }
        catch (ScriptException e) when (breakage.EvaluationFailure is not null)
        {
            throw breakage.EvaluationFailure(e);
        }
    }

    public async Task<IScriptObject> RunExternalModuleAsync(string url, CancellationToken cancellationToken)
    {
        if (breakage.ExternalFailure?.Invoke(url) is { } failure) throw failure;
        return Wrap(await inner.RunExternalModuleAsync(url, cancellationToken))!;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private IScriptObject? Wrap(IScriptObject? value) => _views is null ? value : (IScriptObject?)_views.Wrap(value);

    /// <summary>The context the inner evaluator sees: it hands script the real objects and .NET the (possibly broken) views.</summary>
    private sealed class DecoratedContext(IModuleEvaluationContext core, EvaluatorBreak breakage, ViewRules? views) : IModuleEvaluationContext
    {
        private IScriptObject? _late;

        public IEvaluatedModule Module => core.Module;

        public ImportMetaDescriptor ImportMeta => breakage.ImportMeta?.Invoke(core.ImportMeta) ?? core.ImportMeta;

        public void PublishExports(IScriptObject exports)
        {
            if (breakage.PublishLate) _late = exports;
            else core.PublishExports(views is null ? exports : (IScriptObject)views.Wrap(exports)!);
        }

        public void PublishLateExports()
        {
            if (_late is { } exports) core.PublishExports(views is null ? exports : (IScriptObject)views.Wrap(exports)!);
        }

        public async ValueTask<IScriptObject> ImportAsync(string url, ImportMetadata? metadata = null)
        {
            try
            {
                return Unwrap(await core.ImportAsync(url, metadata));
            }
            catch (ScriptException e) when (breakage.ImportFailure is not null)
            {
                throw breakage.ImportFailure(e);
            }
        }

        public async ValueTask<IScriptObject> DynamicImportAsync(string specifier)
        {
            try
            {
                return Unwrap(await core.DynamicImportAsync(specifier));
            }
            catch (ScriptException e) when (breakage.ImportFailure is not null)
            {
                throw breakage.ImportFailure(e);
            }
        }

        private IScriptObject Unwrap(IScriptObject value) => views is null ? value : (IScriptObject)ViewRules.Unwrap(value)!;
    }
}
