using Xunit.v3;

namespace Runner.Extensible.Conformance;

/// <summary>
/// Names the guarantee a kit test checks by its stable id (listed with its meaning in the kit's
/// <c>GUARANTEES.md</c>). The id is reported as the trait <c>Guarantee=&lt;id&gt;</c>, so
/// <c>--filter-trait "Guarantee=EVAL-004"</c> runs one guarantee, and every kit test's method name starts
/// with the id.
/// </summary>
/// <param name="id">The stable id, such as <c>EVAL-004</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class GuaranteeAttribute(string id) : Attribute, ITraitAttribute
{
    /// <summary>The trait name the id is reported under.</summary>
    public const string TraitName = "Guarantee";

    /// <summary>The stable id.</summary>
    public string Id { get; } = id;

    /// <inheritdoc />
    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() => [new(TraitName, Id)];
}
