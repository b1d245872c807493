using System.Text.Json;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Coherence;

/// <summary>
/// <c>{"type":"custom","event":"runner-extensible:invalidate","data":{"seq":n,"modules":[{id,url,file},…]}}</c>,
/// or <c>{…,"data":{"seq":n,"all":true}}</c> when nothing the connection held is known to the server any more.
/// </summary>
/// <param name="Seq">The notice's number on this connection (1, 2, 3…).</param>
/// <param name="All">Whether every module is stale.</param>
/// <param name="Ids">Server ids of the invalidated modules.</param>
internal sealed record InvalidationNotice(long Seq, bool All, IReadOnlyList<string> Ids)
{
    /// <summary>Whether <paramref name="payload"/> carries the notice event (well-formed or not).</summary>
    public static bool IsNotice(HotPayload payload) => payload is CustomPayload { Event: CoherenceProtocol.InvalidateEvent };

    /// <summary>Reads a notice; <c>false</c> when <paramref name="payload"/> is not a well-formed one.</summary>
    public static bool TryRead(HotPayload payload, out InvalidationNotice? notice)
    {
        notice = null;
        if (payload is not CustomPayload { Event: CoherenceProtocol.InvalidateEvent, Data: { ValueKind: JsonValueKind.Object } data }
            || !data.TryGetProperty("seq", out var seqValue) || !seqValue.TryGetInt64(out var seq))
            return false;
        var all = data.TryGetProperty("all", out var allValue) && allValue.ValueKind == JsonValueKind.True;
        var ids = new List<string>();
        if (data.TryGetProperty("modules", out var modules) && modules.ValueKind == JsonValueKind.Array)
        {
            foreach (var module in modules.EnumerateArray())
            {
                if (module.ValueKind == JsonValueKind.Object && module.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    ids.Add(id.GetString()!);
            }
        }
        notice = new InvalidationNotice(seq, all, ids);
        return true;
    }
}
