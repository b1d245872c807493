namespace Runner.Extensible.Conformance.Tests.Breakages;

/// <summary>
/// A deliberately broken plugin and the guarantee it violates: <see cref="CreateSuite"/> builds the kit's suite
/// (a non-public subclass, so xunit does not run it by itself) around a fixture that wires the broken plugin.
/// </summary>
/// <param name="GuaranteeId">The guarantee the broken plugin violates.</param>
/// <param name="Name">What is broken, in a few words.</param>
/// <param name="CreateSuite">Creates the suite instance (and its fixture) to run the guarantee's test on.</param>
public sealed record Breakage(string GuaranteeId, string Name, Func<object> CreateSuite)
{
    /// <summary>Why the breakage cannot run on this branch, or <c>null</c> when it can.</summary>
    public string? Unavailable { get; init; }

    /// <summary>The row label: id and what is broken.</summary>
    public string Label => $"{GuaranteeId} {Name}";

    /// <inheritdoc />
    public override string ToString() => Label;
}
