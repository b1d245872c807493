using System.Collections.Concurrent;
using System.Text.Json;

namespace Runner.Extensible.Coherence.Tests.Support;

/// <summary>Counts the runner's server calls by method, as they leave (an invoke step, so only public API is used).</summary>
internal sealed class InvokeCounter : IInvokeStep
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string method] => _counts.GetValueOrDefault(method);

    public ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        _counts.AddOrUpdate(context.Method, 1, (_, n) => n + 1);
        return next(context);
    }
}
