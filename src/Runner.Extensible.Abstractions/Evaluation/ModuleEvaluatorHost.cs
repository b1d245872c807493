using Microsoft.Extensions.Logging;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Evaluation;

/// <summary>What the runner gives its evaluator when it starts.</summary>
/// <param name="RunnerName">The runner's name (for logs).</param>
/// <param name="LoggerFactory">Where the evaluator logs.</param>
/// <param name="SourceMapInterceptor">
/// Maps stack frames to original sources. When set, the evaluator routes every script error's stack
/// through it (V8: <c>Error.prepareStackTrace</c>) so <c>error.stack</c> and
/// <see cref="Scripting.ScriptException.ScriptStack"/> show original file:line:col.
/// <c>null</c> when source maps are off.
/// </param>
public sealed record ModuleEvaluatorHost(string RunnerName, ILoggerFactory LoggerFactory, ISourceMapInterceptor? SourceMapInterceptor);
