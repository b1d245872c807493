using Runner.Extensible.Protocol;

namespace Runner.Extensible.SourceMaps;

/// <summary>
/// What the interceptor stores in <c>EvaluatedModuleNode.Map</c>: the decoded inline map (or the fact that
/// there is none) together with the fetch result it was read from. The runner replaces a node's meta and
/// clears this slot on its own threads while evaluator threads map stacks; tagging the entry with its meta
/// makes an entry written after a concurrent invalidation harmless (it no longer matches and is rebuilt).
/// </summary>
internal sealed record RunnerMapCacheEntry(FetchResult Meta, DecodedSourceMap? Map);
