using Runner.Extensible.Graph;
using Runner.Extensible.Protocol;

namespace Runner.Extensible.Coherence;

/// <summary>
/// Code the runner holds for one server module, kept apart from the graph's evaluation state so that clearing
/// evaluations (<c>ClearCache</c>, a full reload) does not throw away code the server still vouches for. Mutated
/// only under the lock of its <see cref="HeldModules"/>.
/// </summary>
internal sealed class HeldModule
{
    public HeldModule(string id, FetchResult result)
    {
        Id = id;
        GraphId = ModuleIds.NormalizeModuleId(id);
        Result = result;
    }

    /// <summary>The server's module id (what notices and <c>dropped</c> name).</summary>
    public string Id { get; }

    /// <summary>The id of its node in the runner's graph.</summary>
    public string GraphId { get; }

    /// <summary>
    /// What <c>fetchModule</c> would answer with no copy held: an <see cref="InlinedFetchResult"/> (its
    /// <c>invalidate</c> flag cleared; <see cref="InvalidatePending"/> carries it) or an <see cref="ExternalFetchResult"/>.
    /// </summary>
    public FetchResult Result { get; set; }

    /// <summary>The connection (see <see cref="HeldModules.Generation"/>) the server delivered or confirmed it on.</summary>
    public long Generation { get; set; }

    /// <summary>The <c>noticeSeq</c> of the answer that delivered or confirmed it: notices up to it are older news.</summary>
    public long ConfirmedSeq { get; set; }

    /// <summary>The server said it changed (a notice, or the <c>invalidated</c> list of the answer that delivered it).</summary>
    public bool Stale { get; set; }

    /// <summary>
    /// The server re-transformed it after the graph's node (if any) was evaluated, so the next import must
    /// re-evaluate it: it is served once with <c>invalidate:true</c>, as Vite's runner would have been answered.
    /// </summary>
    public bool InvalidatePending { get; set; }

    /// <summary>The urls that import it (requested spellings and the server's url).</summary>
    public List<string> Urls { get; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Id} (generation {Generation}, {(Stale ? "stale" : "current")})";
}
